-- Hand-written (no datamodel change): the weekly close writes ~33,000 entries
-- a week in a few multi-row INSERTs (bench/ledger-close.bench.ts, issue 4), and
-- what still cost per row was checked once per row. Same guarantees, checked
-- once per statement:
--
-- 1. An entry's account and transfer must exist (SQLSTATE 23503, as the foreign
--    keys answered). The foreign keys of ledger_entries ran one lookup per entry
--    and key (66,000 a close, about half of the entries' INSERT); the balance
--    trigger already locks every account and reads every transfer an INSERT
--    touches, so it now also counts what it found. Referenced rows stay put:
--    transfers are immutable (ledger_transfers_immutable), and an account that
--    has entries can be neither deleted nor given another id (new trigger below;
--    it was ON DELETE RESTRICT / ON UPDATE CASCADE into immutable entries).
-- 2. Balances move in one pass (see the function) instead of a locking pass and an update.
-- 3. Whether a transfer balances is read from the statement's own entries
--    (grouped per transfer) instead of re-reading each transfer's entries from
--    the table. Sound because a transfer whose entries did not balance at the
--    end of an earlier statement is already queued in ledger_open_transfers and
--    re-checked in full at commit; any other transfer had balanced, so it still
--    does exactly when this statement's entries for it sum to zero.
-- 4. The balance guard on ledger_accounts fires (and raises) only for a change
--    made outside a trigger: its condition moves into WHEN, so the balance
--    updates of the entry trigger no longer call a PL/pgSQL function per account.
-- 5. ledger_accounts keeps free room on each page, so a balance update can stay
--    on its page (HOT) without new index entries.

ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_account_id_fkey";
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_transfer_id_fkey";

-- Hash and merge joins are off inside this function, so the balance UPDATE runs as a nested loop
-- whose outer side is the statement's accounts sorted by id: it locks them in id order as it
-- goes (two statements touching the same accounts cannot deadlock on them), with no separate
-- locking pass. The transfer lookup is an index probe per transfer either way.
CREATE OR REPLACE FUNCTION "ledger_apply_entries"() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  wanted bigint;
  updated bigint;
  r record;
BEGIN
  UPDATE "ledger_accounts" a SET "balance_cents" = a."balance_cents" + d."delta"
    FROM (SELECT "account_id", sum("amount_cents") AS "delta" FROM "new_entries" GROUP BY "account_id" ORDER BY "account_id") d
    WHERE a."id" = d."account_id";
  GET DIAGNOSTICS updated = ROW_COUNT;
  SELECT count(DISTINCT "account_id") INTO wanted FROM "new_entries";
  IF updated <> wanted THEN
    SELECT e."account_id" INTO r FROM "new_entries" e WHERE NOT EXISTS (SELECT 1 FROM "ledger_accounts" a WHERE a."id" = e."account_id") LIMIT 1;
    RAISE EXCEPTION 'ledger entry for account % that does not exist', r."account_id" USING ERRCODE = '23503';
  END IF;
  FOR r IN
    SELECT s."transfer_id", t."booked_txid"
    FROM (SELECT "transfer_id", sum("amount_cents") AS "total", count(*) AS "n" FROM "new_entries" GROUP BY "transfer_id") s
    LEFT JOIN "ledger_transfers" t ON t."id" = s."transfer_id"
    WHERE t."booked_txid" IS DISTINCT FROM txid_current() OR s."total" <> 0 OR s."n" < 2
  LOOP
    IF r."booked_txid" IS NULL THEN
      RAISE EXCEPTION 'ledger entry for transfer % that does not exist', r."transfer_id" USING ERRCODE = '23503';
    END IF;
    IF r."booked_txid" <> txid_current() THEN
      RAISE EXCEPTION 'ledger transfer % was committed earlier: book a new transfer instead', r."transfer_id" USING ERRCODE = '42501';
    END IF;
    INSERT INTO "ledger_open_transfers" ("transfer_id") VALUES (r."transfer_id") ON CONFLICT DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;

CREATE FUNCTION "ledger_account_referenced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "ledger_entries" WHERE "account_id" = OLD."id") THEN
    RAISE EXCEPTION 'ledger account % has entries: it cannot be deleted or renumbered', OLD."code" USING ERRCODE = '23503';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER "ledger_accounts_referenced_delete" BEFORE DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION "ledger_account_referenced"();
CREATE TRIGGER "ledger_accounts_referenced_id" BEFORE UPDATE OF "id" ON "ledger_accounts"
  FOR EACH ROW WHEN (NEW."id" <> OLD."id") EXECUTE FUNCTION "ledger_account_referenced"();

-- In a WHEN clause pg_trigger_depth() is the depth of the UPDATE itself: 0 at top level, 1 inside
-- the entry trigger (the function used to test < 2 from inside itself, one level deeper).
DROP TRIGGER "ledger_accounts_balance_guard" ON "ledger_accounts";
CREATE TRIGGER "ledger_accounts_balance_guard" BEFORE UPDATE ON "ledger_accounts" FOR EACH ROW
  WHEN (NEW."balance_cents" <> OLD."balance_cents" AND pg_trigger_depth() < 1) EXECUTE FUNCTION "ledger_balance_guard"();

ALTER TABLE "ledger_accounts" SET (fillfactor = 80);
