-- AlterTable: each session's JWT carries the user's session version; bumping it ends older sessions.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable: password attempts as a sliding-window log, one row per key (sign-in, withdrawal password).
CREATE TABLE "rate_limit_attempts" (
    "key" TEXT NOT NULL,
    "attempts" TIMESTAMPTZ(3)[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_attempts_pkey" PRIMARY KEY ("key")
);

-- CreateIndex: the hourly sweep deletes idle keys
CREATE INDEX "rate_limit_attempts_updated_at_idx" ON "rate_limit_attempts"("updated_at");
