-- AlterTable: R15.1 each tracker installation's Ed25519 public key (raw 32 bytes, base64url) and its id (the
-- first 32 hex characters of its SHA-256), kept with the device's token. Null until the tracker registers
-- one (at device sign-in, or PUT /api/tracker/v1/key for a pasted token); set once, never changed.
ALTER TABLE "tracker_tokens" ADD COLUMN "public_key" TEXT,
ADD COLUMN "key_id" TEXT,
ADD CONSTRAINT "tracker_tokens_key_pair" CHECK (("public_key" IS NULL) = ("key_id" IS NULL));

-- AlterTable: R15.1 the key a tracker sends with its device sign-in; copied to the token it is issued.
ALTER TABLE "device_authorizations" ADD COLUMN "public_key" TEXT;

-- AlterTable: R15.1 a segment's Ed25519 signature over its canonical encoding (base64url) and the key that
-- made it: the device's key id for tracked time, the portal's for manual time. Null for segments stored
-- before signatures.
ALTER TABLE "segments" ADD COLUMN "signature" TEXT,
ADD COLUMN "signed_by_key_id" TEXT;

-- AlterTable: R15.1 lowercase hex SHA-256 of the screenshot bytes stored, which are the bytes uploaded and
-- signed. Null for screenshots stored before signatures.
ALTER TABLE "screenshots" ADD COLUMN "sha256" TEXT;
