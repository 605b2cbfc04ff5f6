-- CreateTable: R15.3 the portal's Ed25519 signing keys. The private key is stored encrypted (key derived
-- from AUTH_SECRET). Exactly one key is unretired at a time (the partial unique index), so two processes
-- creating the first key at once end with one; retired keys stay for /.well-known/hourglass-keys.json.
CREATE TABLE "portal_signing_keys" (
    "key_id" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "private_key_encrypted" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "retires_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "portal_signing_keys_pkey" PRIMARY KEY ("key_id")
);

-- CreateIndex: at most one signing (unretired) key.
CREATE UNIQUE INDEX "portal_signing_keys_one_current_key" ON "portal_signing_keys" ((true)) WHERE "retired_at" IS NULL;

-- AlterTable: R15.3 each invoice's seal, written once by the weekly close: the chain head sealed (seq 0 and
-- 64 zeros when the contract has no record), the portal key that signed it, its signature and time.
ALTER TABLE "invoices" ADD COLUMN "seal_seq" INTEGER,
ADD COLUMN "seal_head" TEXT,
ADD COLUMN "seal_key_id" TEXT,
ADD COLUMN "seal_signature" TEXT,
ADD COLUMN "sealed_at" TIMESTAMPTZ(3);

-- CreateIndex: the sealing step reads only the unsealed invoices.
CREATE INDEX "invoices_unsealed_idx" ON "invoices"("closed_at") WHERE "sealed_at" IS NULL;
