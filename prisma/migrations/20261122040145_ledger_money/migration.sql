-- CreateEnum
CREATE TYPE "MaturityStage" AS ENUM ('PENDING', 'AVAILABLE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TransferType" ADD VALUE 'HOLD';
ALTER TYPE "TransferType" ADD VALUE 'RELEASE';
ALTER TYPE "TransferType" ADD VALUE 'SETTLEMENT';
ALTER TYPE "TransferType" ADD VALUE 'REVERSAL';

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "hourly_client_fee_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hourly_service_fee_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "weekly_payment_percent" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "bonuses" ADD COLUMN     "client_fee_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "service_fee_cents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ledger_transfers" ADD COLUMN     "booked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "earning_id" UUID;

-- AlterTable
ALTER TABLE "withdrawals" ADD COLUMN     "provider" TEXT,
ADD COLUMN     "submitted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ledger_maturities" (
    "earning_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "stage" "MaturityStage" NOT NULL,
    "pending_at" TIMESTAMPTZ(3),
    "available_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_maturities_pkey" PRIMARY KEY ("earning_id")
);

-- CreateTable
CREATE TABLE "week_closes" (
    "week_start" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "invoices" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "week_closes_pkey" PRIMARY KEY ("week_start")
);

-- CreateTable
CREATE TABLE "scheduled_jobs" (
    "name" TEXT NOT NULL,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "last_started_at" TIMESTAMPTZ(3),
    "last_finished_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scheduled_jobs_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "ledger_maturities_due_at_idx" ON "ledger_maturities"("due_at");

-- CreateIndex
CREATE INDEX "ledger_maturities_user_id_due_at_idx" ON "ledger_maturities"("user_id", "due_at");

-- CreateIndex
CREATE INDEX "ledger_transfers_earning_id_idx" ON "ledger_transfers"("earning_id");

-- AddForeignKey
ALTER TABLE "ledger_maturities" ADD CONSTRAINT "ledger_maturities_earning_id_fkey" FOREIGN KEY ("earning_id") REFERENCES "ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_maturities" ADD CONSTRAINT "ledger_maturities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------

-- Partial indexes: most transfers (the weekly close's) have none of these links,
-- so they cost the close nothing.
CREATE INDEX "ledger_transfers_invoice_id_idx" ON "ledger_transfers" ("invoice_id") WHERE "invoice_id" IS NOT NULL;
CREATE INDEX "ledger_transfers_dispute_id_idx" ON "ledger_transfers" ("dispute_id") WHERE "dispute_id" IS NOT NULL;
CREATE INDEX "ledger_transfers_withdrawal_id_idx" ON "ledger_transfers" ("withdrawal_id") WHERE "withdrawal_id" IS NOT NULL;
CREATE INDEX "ledger_transfers_bonus_id_idx" ON "ledger_transfers" ("bonus_id") WHERE "bonus_id" IS NOT NULL;
-- the payout job's queue: withdrawals the provider has not settled yet
CREATE INDEX "withdrawals_processing_idx" ON "withdrawals" ("submitted_at") WHERE "status" = 'PROCESSING';

-- Money columns added here are never negative.
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_hourly_fees_nonneg" CHECK (
  "hourly_client_fee_cents" >= 0 AND "hourly_service_fee_cents" >= 0
  AND "hourly_client_fee_cents" <= "client_fee_cents" AND "hourly_service_fee_cents" <= "service_fee_cents"
  AND "weekly_payment_percent" BETWEEN 0 AND 100);
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_fees_nonneg" CHECK ("client_fee_cents" >= 0 AND "service_fee_cents" >= 0 AND "service_fee_cents" <= "amount_cents");
ALTER TABLE "ledger_maturities" ADD CONSTRAINT "ledger_maturities_due" CHECK (
  ("stage" = 'PENDING' AND "pending_at" IS NOT NULL AND "due_at" = "pending_at" AND "pending_at" <= "available_at")
  OR ("stage" = 'AVAILABLE' AND "due_at" = "available_at"));
-- Choice: one dispute per invoiced week (it may list any number of the week's billed segments).
CREATE UNIQUE INDEX "disputes_one_per_invoice" ON "disputes" ("invoice_id");

-- R11 the ledger triggers of the init migration, rebuilt set-based. Same
-- guarantees, checked once per statement instead of once per entry, so a
-- weekly close that books tens of thousands of entries in a few multi-row
-- INSERTs pays for a few set-based statements (bench/ledger-close.bench.ts):
--
-- 1. balances move with their entries in the same statement: one UPDATE per
--    account per statement, after locking the accounts in id order (two
--    statements touching the same accounts cannot deadlock on them); the
--    non-negative CHECK rejects an overdraft there, SQLSTATE 23514;
-- 2. entries join only a transfer written by the same transaction: a committed
--    transfer can never gain entries (SQLSTATE 42501);
-- 3. every transfer balances (sum 0, at least 2 entries): transfers whose
--    entries do not balance at the end of a statement are queued and checked
--    again at commit, so a transfer may still be written over several
--    statements (SQLSTATE 23514 at commit if it still does not balance).
ALTER TABLE "ledger_transfers" ADD COLUMN "booked_txid" bigint NOT NULL DEFAULT txid_current();

CREATE TABLE "ledger_open_transfers" ("transfer_id" uuid PRIMARY KEY);

DROP TRIGGER "ledger_entries_apply" ON "ledger_entries";
DROP TRIGGER "ledger_entries_balanced" ON "ledger_entries";
DROP FUNCTION "ledger_apply_entry"();
DROP FUNCTION "ledger_check_balanced"();

CREATE FUNCTION "ledger_apply_entries"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  accounts integer;
  updated integer;
  r record;
BEGIN
  PERFORM 1 FROM "ledger_accounts" WHERE "id" IN (SELECT "account_id" FROM "new_entries") ORDER BY "id" FOR NO KEY UPDATE;
  UPDATE "ledger_accounts" a SET "balance_cents" = a."balance_cents" + d."delta"
    FROM (SELECT "account_id", sum("amount_cents") AS "delta" FROM "new_entries" GROUP BY "account_id") d
    WHERE a."id" = d."account_id";
  FOR r IN
    SELECT s."transfer_id", t."booked_txid", x."total", x."n"
    FROM (SELECT DISTINCT "transfer_id" FROM "new_entries") s
    JOIN "ledger_transfers" t ON t."id" = s."transfer_id"
    CROSS JOIN LATERAL (SELECT sum(e."amount_cents") AS "total", count(*) AS "n" FROM "ledger_entries" e WHERE e."transfer_id" = s."transfer_id") x
    WHERE t."booked_txid" <> txid_current() OR x."total" <> 0 OR x."n" < 2
  LOOP
    IF r."booked_txid" <> txid_current() THEN
      RAISE EXCEPTION 'ledger transfer % was committed earlier: book a new transfer instead', r."transfer_id" USING ERRCODE = '42501';
    END IF;
    INSERT INTO "ledger_open_transfers" ("transfer_id") VALUES (r."transfer_id") ON CONFLICT DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER "ledger_entries_apply" AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS "new_entries" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_apply_entries"();

CREATE FUNCTION "ledger_check_open_transfer"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total numeric; n integer;
BEGIN
  SELECT coalesce(sum("amount_cents"), 0), count(*) INTO total, n FROM "ledger_entries" WHERE "transfer_id" = NEW."transfer_id";
  IF total <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'ledger transfer % does not balance (sum %, % entries)', NEW."transfer_id", total, n USING ERRCODE = '23514';
  END IF;
  DELETE FROM "ledger_open_transfers" WHERE "transfer_id" = NEW."transfer_id";
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "ledger_open_transfers_balanced" AFTER INSERT ON "ledger_open_transfers"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_check_open_transfer"();
