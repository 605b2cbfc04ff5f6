-- CreateEnum: where a device sign-in (RFC 8628) stands.
CREATE TYPE "DeviceAuthorizationStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'ISSUED');

-- CreateTable: device sign-ins of the tracker. Only a hash of the device_code is stored; the token
-- is created when the approved sign-in is first polled (token_id), never stored in plain text.
CREATE TABLE "device_authorizations" (
    "id" UUID NOT NULL,
    "device_code_hash" TEXT NOT NULL,
    "user_code" TEXT NOT NULL,
    "device_name" TEXT NOT NULL,
    "status" "DeviceAuthorizationStatus" NOT NULL DEFAULT 'PENDING',
    "interval_seconds" INTEGER NOT NULL DEFAULT 5,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_polled_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "user_id" UUID,
    "token_id" UUID,

    CONSTRAINT "device_authorizations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "device_authorizations_user_code_check" CHECK ("user_code" ~ '^[BCDFGHJKLMNPQRSTVWXZ]{8}$'),
    CONSTRAINT "device_authorizations_decided_check" CHECK ("status" = 'PENDING' OR ("user_id" IS NOT NULL AND "decided_at" IS NOT NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "device_authorizations_device_code_hash_key" ON "device_authorizations"("device_code_hash");
CREATE UNIQUE INDEX "device_authorizations_token_id_key" ON "device_authorizations"("token_id");
CREATE INDEX "device_authorizations_user_code_idx" ON "device_authorizations"("user_code");
CREATE INDEX "device_authorizations_user_id_idx" ON "device_authorizations"("user_id");
-- A user code names one waiting sign-in at a time.
CREATE UNIQUE INDEX "device_authorizations_pending_user_code_key" ON "device_authorizations"("user_code") WHERE "status" = 'PENDING';

-- AddForeignKey
ALTER TABLE "device_authorizations" ADD CONSTRAINT "device_authorizations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "device_authorizations" ADD CONSTRAINT "device_authorizations_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tracker_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;
