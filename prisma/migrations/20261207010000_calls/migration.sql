-- R17.1 audio calls in Messages: the portal keeps who called whom and how it ended, never audio.
-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('RINGING', 'ACTIVE', 'ENDED');
CREATE TYPE "CallOutcome" AS ENUM ('COMPLETED', 'MISSED', 'DECLINED', 'BUSY', 'CANCELLED', 'FAILED');

-- AlterEnum: a missed call notifies the callee.
ALTER TYPE "NotificationKind" ADD VALUE 'call_missed';

-- CreateTable: one row per call attempt; the tabs and their heartbeats let a closed tab end the call.
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "caller_id" UUID NOT NULL,
    "callee_id" UUID NOT NULL,
    "status" "CallStatus" NOT NULL,
    "outcome" "CallOutcome",
    "end_reason" TEXT,
    "caller_tab" TEXT NOT NULL,
    "callee_tab" TEXT,
    "caller_seen_at" TIMESTAMPTZ(3),
    "callee_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,
    "message_id" UUID,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "calls_two_parties_check" CHECK ("caller_id" <> "callee_id"),
    -- an ended call has its outcome and end time; a live one has neither
    CONSTRAINT "calls_ended_check" CHECK (("status" = 'ENDED') = ("outcome" IS NOT NULL AND "ended_at" IS NOT NULL)),
    -- an active call was answered from one callee tab
    CONSTRAINT "calls_answered_check" CHECK ("status" <> 'ACTIVE' OR ("answered_at" IS NOT NULL AND "callee_tab" IS NOT NULL))
);

-- AlterTable: a message may be a call's entry in the conversation.
ALTER TABLE "messages" ADD COLUMN "call_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "calls_message_id_key" ON "calls"("message_id");
CREATE INDEX "calls_caller_id_status_idx" ON "calls"("caller_id", "status");
CREATE INDEX "calls_callee_id_status_idx" ON "calls"("callee_id", "status");
CREATE INDEX "calls_contract_id_status_idx" ON "calls"("contract_id", "status");
-- The calls-sweep job reads only live calls.
CREATE INDEX "calls_live_idx" ON "calls"("created_at") WHERE "status" <> 'ENDED';
CREATE UNIQUE INDEX "messages_call_id_key" ON "messages"("call_id");

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "calls" ADD CONSTRAINT "calls_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "calls" ADD CONSTRAINT "calls_caller_id_fkey" FOREIGN KEY ("caller_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "calls" ADD CONSTRAINT "calls_callee_id_fkey" FOREIGN KEY ("callee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE SET NULL ON UPDATE CASCADE;
