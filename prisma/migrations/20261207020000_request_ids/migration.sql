-- Issue 20 (logs): an email queued by a request carries that request's id (x-request-id), so the
-- worker's line about sending it names the request that caused it (lib/mail/send-outbox.ts).
ALTER TABLE "email_outbox" ADD COLUMN "request_id" TEXT;
