-- AlterTable: R16.4 an invoice written by the weekly close is announced to its client by the
-- notifications job, which sets announced_at in the transaction that writes the notification.
-- Invoices closed before this migration count as announced (nobody is told of old weeks).
ALTER TABLE "invoices" ADD COLUMN "announced_at" TIMESTAMPTZ(3);
UPDATE "invoices" SET "announced_at" = "closed_at";

-- CreateIndex: the job reads only the unannounced ones.
CREATE INDEX "invoices_unannounced_idx" ON "invoices"("closed_at") WHERE "announced_at" IS NULL;
