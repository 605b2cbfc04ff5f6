-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('CLIENT', 'FREELANCER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('OFFER', 'ACTIVE', 'PAUSED', 'ENDED');

-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('TRACKED', 'MANUAL');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'ESCALATED', 'ACCEPTED', 'RESOLVED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('CLIENT_CHARGES', 'FREELANCER_IN_REVIEW', 'FREELANCER_PENDING', 'FREELANCER_AVAILABLE', 'FREELANCER_HELD', 'FREELANCER_PAID_OUT', 'PLATFORM_FEES', 'PLATFORM_PAYOUT_CLEARING');

-- CreateEnum
CREATE TYPE "TransferType" AS ENUM ('HOURLY', 'BONUS', 'WEEKLY_PAYMENT', 'SERVICE_FEE', 'CLIENT_FEE', 'REFUND', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'ADJUSTMENT', 'MATURITY');

-- CreateEnum
CREATE TYPE "PayoutMethodKind" AS ENUM ('ACH', 'LOCAL_BANK', 'WIRE', 'INSTANT_CARD');

-- CreateEnum
CREATE TYPE "PayoutFrequency" AS ENUM ('WEEKLY', 'TWICE_MONTHLY', 'MONTHLY', 'QUARTERLY');

-- CreateEnum
CREATE TYPE "WithdrawalStatus" AS ENUM ('PROCESSING', 'PAID', 'FAILED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "payment_verified_at" TIMESTAMPTZ(3),
    "suspended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracker_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "tracker_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contracts" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "client_id" UUID NOT NULL,
    "freelancer_id" UUID NOT NULL,
    "status" "ContractStatus" NOT NULL DEFAULT 'OFFER',
    "hourly_rate_cents" INTEGER NOT NULL,
    "manual_time_allowed" BOOLEAN NOT NULL DEFAULT false,
    "weekly_payment_cents" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "replaces_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "weekly_limit_changes" (
    "id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "limit_minutes" INTEGER,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "requested_by_id" UUID NOT NULL,

    CONSTRAINT "weekly_limit_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_pauses" (
    "id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "dispute_id" UUID,

    CONSTRAINT "contract_pauses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segments" (
    "id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "slot_start" TIMESTAMPTZ(3) NOT NULL,
    "kind" "SegmentKind" NOT NULL,
    "memo" TEXT NOT NULL,
    "keyboard_counts" INTEGER[],
    "mouse_counts" INTEGER[],
    "activity_level" SMALLINT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "screenshots" (
    "id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "thumb_key" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "thumb_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "screenshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "contract_id" UUID NOT NULL,
    "week_start" TIMESTAMPTZ(3) NOT NULL,
    "billed_minutes" INTEGER NOT NULL,
    "over_limit_minutes" INTEGER NOT NULL,
    "hourly_rate_cents" INTEGER NOT NULL,
    "hourly_amount_cents" INTEGER NOT NULL,
    "weekly_payment_cents" INTEGER NOT NULL,
    "client_fee_cents" INTEGER NOT NULL,
    "service_fee_cents" INTEGER NOT NULL,
    "total_charged_cents" INTEGER NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disputes" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "contract_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "filed_by_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "DisputeStatus" NOT NULL DEFAULT 'OPEN',
    "filed_at" TIMESTAMPTZ(3) NOT NULL,
    "respond_by" TIMESTAMPTZ(3) NOT NULL,
    "responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolution" TEXT,
    "held_cents" INTEGER NOT NULL,
    "refunded_cents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute_segments" (
    "dispute_id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "protected" BOOLEAN NOT NULL,
    "refunded" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "dispute_segments_pkey" PRIMARY KEY ("dispute_id","segment_id")
);

-- CreateTable
CREATE TABLE "bonuses" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "contract_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "memo" TEXT NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_by_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,

    CONSTRAINT "bonuses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "owner_id" UUID,
    "balance_cents" BIGINT NOT NULL DEFAULT 0,
    "allow_negative" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transfers" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "type" "TransferType" NOT NULL,
    "description" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "contract_id" UUID,
    "invoice_id" UUID,
    "bonus_id" UUID,
    "dispute_id" UUID,
    "withdrawal_id" UUID,

    CONSTRAINT "ledger_transfers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "transfer_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_methods" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "PayoutMethodKind" NOT NULL,
    "label" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "usable_from" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "payout_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_schedules" (
    "user_id" UUID NOT NULL,
    "frequency" "PayoutFrequency" NOT NULL,
    "threshold_cents" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payout_schedules_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "withdrawals" (
    "id" UUID NOT NULL,
    "reference_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "method_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "fee_cents" INTEGER NOT NULL,
    "net_cents" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "scheduled" BOOLEAN NOT NULL DEFAULT false,
    "status" "WithdrawalStatus" NOT NULL DEFAULT 'PROCESSING',
    "provider_ref" TEXT,
    "failure_reason" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "withdrawals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "sender_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "client_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_reads" (
    "conversation_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "last_read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversation_reads_pkey" PRIMARY KEY ("conversation_id","user_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "tracker_tokens_token_hash_key" ON "tracker_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "tracker_tokens_user_id_idx" ON "tracker_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_replaces_id_key" ON "contracts"("replaces_id");

-- CreateIndex
CREATE INDEX "contracts_client_id_idx" ON "contracts"("client_id");

-- CreateIndex
CREATE INDEX "contracts_freelancer_id_idx" ON "contracts"("freelancer_id");

-- CreateIndex
CREATE INDEX "weekly_limit_changes_contract_id_effective_from_idx" ON "weekly_limit_changes"("contract_id", "effective_from");

-- CreateIndex
CREATE INDEX "contract_pauses_contract_id_started_at_idx" ON "contract_pauses"("contract_id", "started_at");

-- CreateIndex
CREATE INDEX "segments_contract_id_slot_start_idx" ON "segments"("contract_id", "slot_start");

-- CreateIndex
CREATE UNIQUE INDEX "screenshots_segment_id_key" ON "screenshots"("segment_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_reference_id_key" ON "invoices"("reference_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_contract_id_week_start_key" ON "invoices"("contract_id", "week_start");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_reference_id_key" ON "disputes"("reference_id");

-- CreateIndex
CREATE INDEX "disputes_contract_id_idx" ON "disputes"("contract_id");

-- CreateIndex
CREATE INDEX "disputes_status_respond_by_idx" ON "disputes"("status", "respond_by");

-- CreateIndex
CREATE UNIQUE INDEX "bonuses_reference_id_key" ON "bonuses"("reference_id");

-- CreateIndex
CREATE UNIQUE INDEX "bonuses_idempotency_key_key" ON "bonuses"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_code_key" ON "ledger_accounts"("code");

-- CreateIndex
CREATE INDEX "ledger_accounts_owner_id_idx" ON "ledger_accounts"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transfers_reference_id_key" ON "ledger_transfers"("reference_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transfers_idempotency_key_key" ON "ledger_transfers"("idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_transfers_contract_id_idx" ON "ledger_transfers"("contract_id");

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_created_at_id_idx" ON "ledger_entries"("account_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "ledger_entries_transfer_id_idx" ON "ledger_entries"("transfer_id");

-- CreateIndex
CREATE INDEX "payout_methods_user_id_idx" ON "payout_methods"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_reference_id_key" ON "withdrawals"("reference_id");

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_user_id_idempotency_key_key" ON "withdrawals"("user_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_contract_id_key" ON "conversations"("contract_id");

-- CreateIndex
CREATE INDEX "messages_conversation_id_created_at_id_idx" ON "messages"("conversation_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "messages_sender_id_client_id_key" ON "messages"("sender_id", "client_id");

-- CreateIndex
CREATE INDEX "attachments_message_id_idx" ON "attachments"("message_id");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "tracker_tokens" ADD CONSTRAINT "tracker_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_freelancer_id_fkey" FOREIGN KEY ("freelancer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "weekly_limit_changes" ADD CONSTRAINT "weekly_limit_changes_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_pauses" ADD CONSTRAINT "contract_pauses_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "screenshots" ADD CONSTRAINT "screenshots_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_segments" ADD CONSTRAINT "dispute_segments_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "disputes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_segments" ADD CONSTRAINT "dispute_segments_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_methods" ADD CONSTRAINT "payout_methods_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_schedules" ADD CONSTRAINT "payout_schedules_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_method_id_fkey" FOREIGN KEY ("method_id") REFERENCES "payout_methods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------

-- R1.2 one live segment per contract slot; deleted segments are kept for audit.
CREATE UNIQUE INDEX "segments_contract_slot_live_key" ON "segments" ("contract_id", "slot_start") WHERE "deleted_at" IS NULL;
-- R1.2 slots are aligned to :00, :10, ... UTC.
ALTER TABLE "segments" ADD CONSTRAINT "segments_slot_aligned" CHECK (extract(epoch FROM "slot_start")::bigint % 600 = 0 AND date_trunc('second', "slot_start") = "slot_start");
-- R2.2 activity level 0..10; tracked segments carry 10 per-minute counts, manual none.
ALTER TABLE "segments" ADD CONSTRAINT "segments_activity_range" CHECK ("activity_level" BETWEEN 0 AND 10);
ALTER TABLE "segments" ADD CONSTRAINT "segments_counts_shape" CHECK (
  ("kind" = 'TRACKED' AND cardinality("keyboard_counts") = 10 AND cardinality("mouse_counts") = 10)
  OR ("kind" = 'MANUAL' AND cardinality("keyboard_counts") = 0 AND cardinality("mouse_counts") = 0 AND "activity_level" = 0));

-- Money is never negative where it cannot be.
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_money_nonneg" CHECK ("hourly_rate_cents" >= 0 AND "weekly_payment_cents" >= 0);
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_end_after_start" CHECK ("ended_at" IS NULL OR "ended_at" >= "starts_at");
ALTER TABLE "weekly_limit_changes" ADD CONSTRAINT "weekly_limit_nonneg" CHECK ("limit_minutes" IS NULL OR "limit_minutes" >= 0);
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_money_nonneg" CHECK (
  "billed_minutes" >= 0 AND "over_limit_minutes" >= 0 AND "hourly_amount_cents" >= 0 AND "weekly_payment_cents" >= 0
  AND "client_fee_cents" >= 0 AND "service_fee_cents" >= 0 AND "total_charged_cents" >= 0);
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_amount_positive" CHECK ("amount_cents" > 0);
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_money_nonneg" CHECK ("held_cents" >= 0 AND "refunded_cents" >= 0 AND "refunded_cents" <= "held_cents");
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_money" CHECK ("amount_cents" > 0 AND "fee_cents" >= 0 AND "net_cents" > 0 AND "net_cents" = "amount_cents" - "fee_cents");
ALTER TABLE "payout_schedules" ADD CONSTRAINT "payout_schedules_threshold_nonneg" CHECK ("threshold_cents" >= 0);
-- One default payout method per user.
CREATE UNIQUE INDEX "payout_methods_one_default" ON "payout_methods" ("user_id") WHERE "is_default" AND "removed_at" IS NULL;

-- R10.4 / R11 ledger invariants, enforced by the database itself:
-- 1. balances that must not go negative cannot;
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_nonneg" CHECK ("allow_negative" OR "balance_cents" >= 0);
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_nonzero" CHECK ("amount_cents" <> 0);

-- 2. an account's balance moves with its entries, in the same statement (the
--    row lock this takes serializes concurrent movements on one account, and
--    the CHECK above rejects an overdraft at once with SQLSTATE 23514);
CREATE FUNCTION "ledger_apply_entry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ledger_accounts" SET "balance_cents" = "balance_cents" + NEW."amount_cents" WHERE "id" = NEW."account_id";
  RETURN NEW;
END $$;
CREATE TRIGGER "ledger_entries_apply" AFTER INSERT ON "ledger_entries" FOR EACH ROW EXECUTE FUNCTION "ledger_apply_entry"();

-- 3. every transfer balances (checked at commit, once all its entries are in);
CREATE FUNCTION "ledger_check_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total numeric; n integer;
BEGIN
  SELECT coalesce(sum("amount_cents"), 0), count(*) INTO total, n FROM "ledger_entries" WHERE "transfer_id" = NEW."transfer_id";
  IF total <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'ledger transfer % does not balance (sum %, % entries)', NEW."transfer_id", total, n USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "ledger_entries_balanced" AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_check_balanced"();

-- 4. entries, transfers and balances are never rewritten: corrections are new transfers.
CREATE FUNCTION "ledger_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger % are immutable: book a correcting transfer instead', TG_TABLE_NAME USING ERRCODE = '42501';
END $$;
CREATE TRIGGER "ledger_entries_immutable" BEFORE UPDATE OR DELETE ON "ledger_entries" FOR EACH ROW EXECUTE FUNCTION "ledger_immutable"();
CREATE TRIGGER "ledger_transfers_immutable" BEFORE UPDATE OR DELETE ON "ledger_transfers" FOR EACH ROW EXECUTE FUNCTION "ledger_immutable"();
CREATE FUNCTION "ledger_balance_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only the entry trigger (nested) may move a balance
  IF NEW."balance_cents" <> OLD."balance_cents" AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger balances move only through entries' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "ledger_accounts_balance_guard" BEFORE UPDATE ON "ledger_accounts" FOR EACH ROW EXECUTE FUNCTION "ledger_balance_guard"();
