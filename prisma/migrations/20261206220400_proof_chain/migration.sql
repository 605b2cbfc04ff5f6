-- CreateTable: R15.2 the per-contract hash chain of what happens to its time. One row per record:
-- the exact canonical text that is hashed and shipped in proof bundles (verifier/src/records.ts),
-- its hash, and the previous record's hash (64 zeros for seq 1).
CREATE TABLE "proof_records" (
    "contract_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3),
    "at" TIMESTAMPTZ(3) NOT NULL,
    "record" TEXT NOT NULL,

    CONSTRAINT "proof_records_pkey" PRIMARY KEY ("contract_id", "seq"),
    CONSTRAINT "proof_records_seq_check" CHECK ("seq" >= 1),
    CONSTRAINT "proof_records_kind_check" CHECK ("kind" IN ('segment_added', 'segment_deleted', 'manual_time_added', 'memo_changed', 'dispute_filed', 'dispute_settled')),
    -- the hash is the record's own: sha256("hourglass-record-v1\n" || record), as every verifier computes it
    CONSTRAINT "proof_records_hash_check" CHECK ("hash" = encode(sha256(convert_to(E'hourglass-record-v1\n' || "record", 'UTF8')), 'hex')),
    -- the columns say what the hashed text says
    CONSTRAINT "proof_records_text_check" CHECK (
      ("record"::jsonb ->> 'contract') = "contract_id"::text AND ("record"::jsonb ->> 'seq') = "seq"::text
      AND ("record"::jsonb ->> 'prev') = "prev_hash" AND ("record"::jsonb ->> 'kind') = "kind"
    )
);

-- CreateTable: the head of each contract's chain. Appends lock its row first (lib/proof/chain.ts), so
-- concurrent events on one contract are appended one after the other and the chain cannot fork.
CREATE TABLE "proof_chain_heads" (
    "contract_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "proof_chain_heads_pkey" PRIMARY KEY ("contract_id")
);

-- AddForeignKey: on the head only. A record reaches a contract through its head (the trigger below
-- needs one), and a foreign key on proof_records would lock the contract row while the head is held:
-- an append would then wait for a dispute holding the contract while the dispute waits for the head.
ALTER TABLE "proof_chain_heads" ADD CONSTRAINT "proof_chain_heads_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- R15.2 enforced by the database itself, as it does for ledger entries:
-- 1. a record only extends its contract's head (seq = head + 1, prev = the head's hash), and moves it;
CREATE FUNCTION "proof_records_extend"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE head_seq integer; head_hash text;
BEGIN
  SELECT "seq", "hash" INTO head_seq, head_hash FROM "proof_chain_heads" WHERE "contract_id" = NEW."contract_id" FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "proof_chain_heads" ("contract_id", "seq", "hash") VALUES (NEW."contract_id", 0, repeat('0', 64));
    head_seq := 0;
    head_hash := repeat('0', 64);
  END IF;
  IF NEW."seq" <> head_seq + 1 OR NEW."prev_hash" <> head_hash THEN
    RAISE EXCEPTION 'proof record % of contract % does not extend its chain head (record %)', NEW."seq", NEW."contract_id", head_seq USING ERRCODE = '23514';
  END IF;
  UPDATE "proof_chain_heads" SET "seq" = NEW."seq", "hash" = NEW."hash" WHERE "contract_id" = NEW."contract_id";
  RETURN NEW;
END $$;
CREATE TRIGGER "proof_records_extend" BEFORE INSERT ON "proof_records" FOR EACH ROW EXECUTE FUNCTION "proof_records_extend"();

-- 2. records are never updated, deleted or truncated (the demo's `db:seed --reset` says so first: hourglass.wipe);
CREATE FUNCTION "proof_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND current_setting('hourglass.wipe', true) = 'demo' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'proof records are append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;
CREATE TRIGGER "proof_records_immutable" BEFORE UPDATE OR DELETE ON "proof_records" FOR EACH ROW EXECUTE FUNCTION "proof_immutable"();
CREATE TRIGGER "proof_records_no_truncate" BEFORE TRUNCATE ON "proof_records" FOR EACH STATEMENT EXECUTE FUNCTION "proof_immutable"();
CREATE TRIGGER "proof_chain_heads_no_truncate" BEFORE TRUNCATE ON "proof_chain_heads" FOR EACH STATEMENT EXECUTE FUNCTION "proof_immutable"();

-- 3. a head is never deleted and never moves back.
CREATE FUNCTION "proof_chain_heads_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW."seq" < OLD."seq" OR (NEW."seq" = OLD."seq" AND NEW."hash" <> OLD."hash") THEN
    RAISE EXCEPTION 'a proof chain head only moves forward: % on proof_chain_heads is refused', TG_OP USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "proof_chain_heads_guard" BEFORE UPDATE OR DELETE ON "proof_chain_heads" FOR EACH ROW EXECUTE FUNCTION "proof_chain_heads_guard"();
