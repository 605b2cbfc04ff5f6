-- CreateEnum: R16.4 the kinds of event a user hears about.
CREATE TYPE "NotificationKind" AS ENUM ('offer_received', 'offer_answered', 'contract_paused', 'contract_resumed', 'contract_ended', 'invoice_issued', 'charge_failed', 'earnings_available', 'dispute_filed', 'dispute_answered', 'dispute_escalated', 'dispute_settled', 'withdrawal_paid', 'withdrawal_failed', 'tracker_stopped_idle', 'messages_unread');

-- CreateTable: the in-portal notification centre, written in the same transaction as the event.
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_link_check" CHECK ("link" LIKE '/%')
);

-- CreateTable: switches per user and kind; a missing row means portal and email on.
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id","kind")
);

-- CreateTable: R16.4 up to when a user's unread messages were covered by an email.
CREATE TABLE "unread_message_digests" (
    "user_id" UUID NOT NULL,
    "covered_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "unread_message_digests_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_id_idx" ON "notifications"("user_id", "created_at" DESC, "id");
-- The bell's count reads only the unread ones.
CREATE INDEX "notifications_unread_idx" ON "notifications"("user_id") WHERE "read_at" IS NULL;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "unread_message_digests" ADD CONSTRAINT "unread_message_digests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
