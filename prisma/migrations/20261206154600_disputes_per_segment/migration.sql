-- R7.1 a week may hold several disputes, each on segments no other open or settled
-- dispute holds (lib/disputes/file-dispute.ts checks that under the contract's lock).
DROP INDEX "disputes_one_per_invoice";

-- CreateIndex
CREATE INDEX "disputes_invoice_id_idx" ON "disputes"("invoice_id");

-- CreateIndex
CREATE INDEX "dispute_segments_segment_id_idx" ON "dispute_segments"("segment_id");
