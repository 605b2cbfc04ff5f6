-- Hand-written: R14.2-R14.5 client charges, their attempts at the payment provider, and the
-- holds of an unpaid week's unprotected earnings. The new enum values are added here and first
-- used by the next migration (PostgreSQL refuses a value added in the same transaction).

-- AlterEnum: R14.5 the client's payments, the platform's protection and loss accounts
ALTER TYPE "LedgerAccountKind" ADD VALUE 'CLIENT_PAYMENTS';
ALTER TYPE "LedgerAccountKind" ADD VALUE 'PLATFORM_PROTECTION';
ALTER TYPE "LedgerAccountKind" ADD VALUE 'PLATFORM_LOSS';

-- AlterEnum: R14.5 a charge settles what the client owes; R14.4 a write-off and the protection guarantee
ALTER TYPE "TransferType" ADD VALUE 'CHARGE';
ALTER TYPE "TransferType" ADD VALUE 'WRITE_OFF';
ALTER TYPE "TransferType" ADD VALUE 'PROTECTION';

-- CreateEnum
CREATE TYPE "ChargeKind" AS ENUM ('WEEKLY', 'BONUS');
CREATE TYPE "ChargeStatus" AS ENUM ('PENDING', 'FAILED', 'PAST_DUE', 'SUCCEEDED', 'WRITTEN_OFF');
CREATE TYPE "ChargeAttemptOutcome" AS ENUM ('PROCESSING', 'SUCCEEDED', 'DECLINED', 'UNKNOWN');

-- CreateTable: R14.2 one charge per client and week (or per bonus)
CREATE TABLE "charges" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "client_id" UUID NOT NULL,
    "kind" "ChargeKind" NOT NULL,
    "week_start" TIMESTAMPTZ(3),
    "amount_cents" INTEGER NOT NULL,
    "status" "ChargeStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "past_due_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "written_off_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "charges_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "charges_amount_positive" CHECK ("amount_cents" > 0),
    CONSTRAINT "charges_attempts_nonneg" CHECK ("attempts" >= 0),
    CONSTRAINT "charges_week_of_weekly" CHECK (("kind" = 'WEEKLY') = ("week_start" IS NOT NULL))
);

-- CreateTable: one try at the provider, committed before the call
CREATE TABLE "charge_attempts" (
    "id" UUID NOT NULL,
    "charge_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "method_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "ChargeAttemptOutcome" NOT NULL,
    "provider_charge_id" TEXT,
    "failure_code" TEXT,
    "failure_message" TEXT,

    CONSTRAINT "charge_attempts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "charge_attempts_trigger_check" CHECK ("trigger" IN ('close', 'retry', 'pay_now', 'bonus')),
    CONSTRAINT "charge_attempts_number_positive" CHECK ("number" >= 1)
);

-- CreateTable: R14.4 an unpaid week's held earnings, per invoice
CREATE TABLE "charge_holds" (
    "charge_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "earning_ids" UUID[],
    "protected_net_cents" INTEGER NOT NULL,
    "held_net_cents" INTEGER NOT NULL,
    "held_fees_cents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "held_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "charge_holds_pkey" PRIMARY KEY ("invoice_id"),
    CONSTRAINT "charge_holds_status_check" CHECK ("status" IN ('HELD', 'RELEASED', 'REVERSED')),
    CONSTRAINT "charge_holds_money_nonneg" CHECK ("protected_net_cents" >= 0 AND "held_net_cents" >= 0 AND "held_fees_cents" >= 0)
);

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN "charge_id" UUID;
ALTER TABLE "bonuses" ADD COLUMN "charge_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "charges_reference_id_key" ON "charges"("reference_id");
CREATE UNIQUE INDEX "charges_client_id_week_start_key" ON "charges"("client_id", "week_start");
CREATE INDEX "charges_status_next_attempt_at_idx" ON "charges"("status", "next_attempt_at");
CREATE INDEX "charges_client_id_created_at_idx" ON "charges"("client_id", "created_at");
CREATE UNIQUE INDEX "charge_attempts_idempotency_key_key" ON "charge_attempts"("idempotency_key");
CREATE UNIQUE INDEX "charge_attempts_charge_id_number_key" ON "charge_attempts"("charge_id", "number");
CREATE INDEX "charge_attempts_outcome_started_at_idx" ON "charge_attempts"("outcome", "started_at");
CREATE INDEX "charge_holds_charge_id_idx" ON "charge_holds"("charge_id");
CREATE INDEX "invoices_charge_id_idx" ON "invoices"("charge_id") WHERE "charge_id" IS NOT NULL;
-- at most one attempt of a charge in flight at the provider (R14.3 pay now racing a retry charges once)
CREATE UNIQUE INDEX "charge_attempts_one_in_flight" ON "charge_attempts"("charge_id") WHERE "outcome" IN ('PROCESSING', 'UNKNOWN');

-- AddForeignKey
ALTER TABLE "charges" ADD CONSTRAINT "charges_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "charge_attempts" ADD CONSTRAINT "charge_attempts_charge_id_fkey" FOREIGN KEY ("charge_id") REFERENCES "charges"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "charge_holds" ADD CONSTRAINT "charge_holds_charge_id_fkey" FOREIGN KEY ("charge_id") REFERENCES "charges"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "charge_holds" ADD CONSTRAINT "charge_holds_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_charge_id_fkey" FOREIGN KEY ("charge_id") REFERENCES "charges"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_charge_id_fkey" FOREIGN KEY ("charge_id") REFERENCES "charges"("id") ON DELETE SET NULL ON UPDATE CASCADE;
