-- AlterTable
ALTER TABLE "contracts" ADD COLUMN "accepted_at" TIMESTAMPTZ(3);

-- R9.5 contracts accepted before this column existed: their acceptance is in the audit log
-- (lib/contracts/change-status.ts records it in the same transaction). Contracts made active
-- without an offer have none and count from their start date (lib/billing activeFrom).
UPDATE "contracts" c SET "accepted_at" = a.accepted_at
FROM (SELECT "entity_id", min("created_at") AS accepted_at FROM "audit_log"
      WHERE "entity_type" = 'contract' AND "action" = 'contract.accepted' GROUP BY "entity_id") a
WHERE a."entity_id" = c."id"::text;
