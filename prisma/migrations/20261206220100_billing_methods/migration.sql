-- R14.1 client billing methods: a card or a bank account added through the payment provider.
-- Only the provider's token and the last 4 digits (with brand or bank name, and a card's expiry) are kept.
CREATE TYPE "BillingMethodKind" AS ENUM ('CARD', 'BANK_ACCOUNT');
CREATE TYPE "BillingMethodStatus" AS ENUM ('CHALLENGE_REQUIRED', 'MICRODEPOSITS_SENT', 'VERIFIED', 'FAILED', 'REMOVED');

CREATE TABLE "billing_methods" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "kind" "BillingMethodKind" NOT NULL,
    "status" "BillingMethodStatus" NOT NULL,
    "provider_token" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "brand" TEXT,
    "exp_month" INTEGER,
    "exp_year" INTEGER,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "verified_at" TIMESTAMPTZ(3),
    "microdeposit_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_methods_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "billing_methods_last4_check" CHECK ("last4" ~ '^[0-9]{4}$'),
    -- R14.1 at most 3 micro-deposit attempts
    CONSTRAINT "billing_methods_microdeposit_attempts_check" CHECK ("microdeposit_attempts" BETWEEN 0 AND 3),
    -- a removed method is never the default
    CONSTRAINT "billing_methods_removed_check" CHECK (("status" = 'REMOVED') = ("removed_at" IS NOT NULL) AND NOT ("status" = 'REMOVED' AND "is_default"))
);

CREATE UNIQUE INDEX "billing_methods_provider_token_key" ON "billing_methods"("provider_token");
CREATE INDEX "billing_methods_client_id_idx" ON "billing_methods"("client_id");
-- one default per client among the methods not removed
CREATE UNIQUE INDEX "billing_methods_one_default_idx" ON "billing_methods"("client_id") WHERE "is_default" AND "removed_at" IS NULL;

ALTER TABLE "billing_methods" ADD CONSTRAINT "billing_methods_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- R14.1 an admin's manual payment verification carries its reason.
ALTER TABLE "users" ADD COLUMN "payment_verification_note" TEXT;

-- The sandbox payment provider's own state (a real provider keeps this on its side): the behaviour of
-- each test source (never its number) and each charge under its idempotency key.
CREATE TABLE "sandbox_payment_sources" (
    "token" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "behaviour" TEXT NOT NULL,
    "challenge" TEXT,
    "microdeposits" INTEGER[],
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_payment_sources_pkey" PRIMARY KEY ("token")
);

CREATE TABLE "sandbox_charges" (
    "idempotency_key" TEXT NOT NULL,
    "provider_charge_id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "decline_code" TEXT,
    "decline_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_charges_pkey" PRIMARY KEY ("idempotency_key")
);

CREATE UNIQUE INDEX "sandbox_charges_provider_charge_id_key" ON "sandbox_charges"("provider_charge_id");
