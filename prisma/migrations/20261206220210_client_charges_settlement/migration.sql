-- Hand-written: R14.5 from now on client:<id>:charges is what the client owes (negative = owed),
-- and a charge settles it from client:<id>:payments. Before client billing every invoice was
-- taken as paid, so on an upgraded database each client whose charges balance is negative gets
-- one CHARGE transfer "Paid before client billing" (payments -X, charges +X): their receivable
-- starts at 0. Ids follow lib/ledger: accounts hourglass_uuid('account:' || code), the transfer
-- hourglass_uuid('transfer:' || key) with key 'charge:prebilling:<client>'.

INSERT INTO "ledger_accounts" ("id", "code", "kind", "owner_id", "allow_negative")
SELECT hourglass_uuid('account:client:' || a."owner_id" || ':payments'), 'client:' || a."owner_id" || ':payments', 'CLIENT_PAYMENTS', a."owner_id", true
FROM "ledger_accounts" a
WHERE a."kind" = 'CLIENT_CHARGES' AND a."balance_cents" < 0 AND a."owner_id" IS NOT NULL
ON CONFLICT ("code") DO NOTHING;

WITH owed AS (
  SELECT a."owner_id", a."id" AS "charges_id", -a."balance_cents" AS "amount",
    hourglass_uuid('transfer:charge:prebilling:' || a."owner_id") AS "transfer_id"
  FROM "ledger_accounts" a
  WHERE a."kind" = 'CLIENT_CHARGES' AND a."balance_cents" < 0 AND a."owner_id" IS NOT NULL
), t AS (
  INSERT INTO "ledger_transfers" ("id", "reference_id", "type", "description", "idempotency_key", "created_at")
  SELECT o."transfer_id", 'HG-CHG-PRE-' || upper(substr(md5(o."owner_id"::text), 1, 10)), 'CHARGE', 'Paid before client billing',
    'charge:prebilling:' || o."owner_id", now()
  FROM owed o
  ON CONFLICT ("idempotency_key") DO NOTHING
  RETURNING "id"
)
INSERT INTO "ledger_entries" ("transfer_id", "account_id", "amount_cents", "created_at")
SELECT o."transfer_id", x."account_id", x."amount", now()
FROM owed o
CROSS JOIN LATERAL (VALUES
  (hourglass_uuid('account:client:' || o."owner_id" || ':payments'), -o."amount"),
  (o."charges_id", o."amount")
) AS x("account_id", "amount")
WHERE o."transfer_id" IN (SELECT "id" FROM t);
