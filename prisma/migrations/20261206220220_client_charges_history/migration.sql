-- Hand-written: R14.2 invoices closed before client billing were taken as paid (the previous
-- migration settled their receivable in one CHARGE per client). So that no job ever charges them
-- again, and Settings › Billing lists them, each client's week of such invoices gets one WEEKLY
-- charge marked SUCCEEDED (paid at the upgrade), and the invoices point to it. Its money moved in
-- the settlement transfer: it has no CHARGE transfer of its own.
INSERT INTO "charges" ("id", "reference_id", "client_id", "kind", "week_start", "amount_cents", "status", "attempts", "paid_at", "created_at")
SELECT hourglass_uuid('charge:weekly:' || c."client_id" || ':' || to_char(i."week_start" AT TIME ZONE 'UTC', 'YYYY-MM-DD')),
  'HG-CHG-PRE-' || to_char(i."week_start" AT TIME ZONE 'UTC', 'IYYY"W"IW') || '-' || upper(substr(md5(c."client_id"::text || i."week_start"::text), 1, 10)),
  c."client_id", 'WEEKLY', i."week_start", sum(i."total_charged_cents")::int, 'SUCCEEDED', 0, now(), now()
FROM "invoices" i JOIN "contracts" c ON c."id" = i."contract_id"
WHERE i."charge_id" IS NULL
GROUP BY c."client_id", i."week_start"
HAVING sum(i."total_charged_cents") > 0
ON CONFLICT DO NOTHING;

UPDATE "invoices" i SET "charge_id" = ch."id"
FROM "contracts" c, "charges" ch
WHERE i."charge_id" IS NULL AND c."id" = i."contract_id" AND ch."client_id" = c."client_id" AND ch."week_start" = i."week_start";

-- the client-charges job finds weeks whose invoices have no charge yet (a crash between the close and the charges)
CREATE INDEX "invoices_uncharged_idx" ON "invoices"("week_start") WHERE "charge_id" IS NULL;
