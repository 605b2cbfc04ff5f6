-- CreateIndex
CREATE INDEX "invoices_week_start_idx" ON "invoices"("week_start");

