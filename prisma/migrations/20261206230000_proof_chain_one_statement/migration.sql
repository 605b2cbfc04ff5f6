-- R15.2 an append is one statement (bench/ingest.bench.ts: a separate head lock, insert and per-CHECK parsing
-- doubled PostgreSQL's CPU per ingested segment). A record inserted with seq 0 is linked by the database, under
-- its contract head's row lock: seq = head + 1, prev = the head's hash, put in place of the text's placeholder
-- ,"prev":"<64 zeros>","seq":0, (unique: a quote inside a JSON string is escaped), and hash = the final text's.
-- A record inserted with its own seq, prev and hash is checked as before. The text is parsed once, here.
ALTER TABLE "proof_records" DROP CONSTRAINT "proof_records_hash_check";
ALTER TABLE "proof_records" DROP CONSTRAINT "proof_records_text_check";

CREATE OR REPLACE FUNCTION "proof_records_extend"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq integer;
  head_hash text;
  r jsonb;
  placeholder constant text := ',"prev":"' || repeat('0', 64) || '","seq":0,';
BEGIN
  SELECT "seq", "hash" INTO head_seq, head_hash FROM "proof_chain_heads" WHERE "contract_id" = NEW."contract_id" FOR UPDATE;
  IF NOT FOUND THEN
    -- a contract's first record: a concurrent first append waits here for ours, then finds the head
    INSERT INTO "proof_chain_heads" ("contract_id", "seq", "hash") VALUES (NEW."contract_id", 0, repeat('0', 64)) ON CONFLICT ("contract_id") DO NOTHING;
    SELECT "seq", "hash" INTO head_seq, head_hash FROM "proof_chain_heads" WHERE "contract_id" = NEW."contract_id" FOR UPDATE;
  END IF;
  IF NEW."seq" = 0 THEN
    IF strpos(NEW."record", placeholder) = 0 THEN
      RAISE EXCEPTION 'proof record of contract % has no prev/seq placeholder to link', NEW."contract_id" USING ERRCODE = '23514';
    END IF;
    NEW."seq" := head_seq + 1;
    NEW."prev_hash" := head_hash;
    NEW."record" := replace(NEW."record", placeholder, ',"prev":"' || head_hash || '","seq":' || NEW."seq" || ',');
    NEW."hash" := encode(sha256(convert_to(E'hourglass-record-v1\n' || NEW."record", 'UTF8')), 'hex');
  ELSIF NEW."hash" IS DISTINCT FROM encode(sha256(convert_to(E'hourglass-record-v1\n' || NEW."record", 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'proof record % of contract %: its hash is not its text''s', NEW."seq", NEW."contract_id" USING ERRCODE = '23514';
  END IF;
  IF NEW."seq" <> head_seq + 1 OR NEW."prev_hash" <> head_hash THEN
    RAISE EXCEPTION 'proof record % of contract % does not extend its chain head (record %)', NEW."seq", NEW."contract_id", head_seq USING ERRCODE = '23514';
  END IF;
  -- the columns say what the hashed text says
  r := NEW."record"::jsonb;
  IF r ->> 'contract' IS DISTINCT FROM NEW."contract_id"::text OR r ->> 'seq' IS DISTINCT FROM NEW."seq"::text
     OR r ->> 'prev' IS DISTINCT FROM NEW."prev_hash" OR r ->> 'kind' IS DISTINCT FROM NEW."kind" THEN
    RAISE EXCEPTION 'proof record % of contract %: its columns differ from its text', NEW."seq", NEW."contract_id" USING ERRCODE = '23514';
  END IF;
  UPDATE "proof_chain_heads" SET "seq" = NEW."seq", "hash" = NEW."hash" WHERE "contract_id" = NEW."contract_id";
  RETURN NEW;
END $$;
