-- AlterTable: R16.1 a client hires only once the email is confirmed. Users that exist already
-- (the demo's, and any created before sign-up existed) were made by an admin or the seed: confirmed.
ALTER TABLE "users" ADD COLUMN "email_confirmed_at" TIMESTAMPTZ(3);
UPDATE "users" SET "email_confirmed_at" = "created_at" WHERE "email_confirmed_at" IS NULL;

-- CreateTable: emailed links (R16.1, R16.2). Only a sha256 of the token is stored; used_at makes it single use.
CREATE TABLE "link_tokens" (
    "id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID,
    "email" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "link_tokens_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "link_tokens_purpose_check" CHECK ("purpose" IN ('confirm_email', 'invitation', 'password_reset', 'email_change', 'admin_setup')),
    CONSTRAINT "link_tokens_expiry_check" CHECK ("expires_at" > "created_at")
);

-- CreateIndex
CREATE UNIQUE INDEX "link_tokens_token_hash_key" ON "link_tokens"("token_hash");
CREATE INDEX "link_tokens_purpose_email_idx" ON "link_tokens"("purpose", "email");
CREATE INDEX "link_tokens_user_id_idx" ON "link_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "link_tokens" ADD CONSTRAINT "link_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
