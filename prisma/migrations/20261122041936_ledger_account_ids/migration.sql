-- Hand-written (no datamodel change): ledger account ids follow from their codes.
--
-- hourglass_uuid(key) is lib/ledger/ids.ts uuidFromKey(key) in SQL: the first 16
-- bytes of sha256('hourglass:' || key) as a version-8 UUID. lib/ledger/accounts
-- creates every account with id = hourglass_uuid('account:' || code), so
-- services compute the ids of the accounts they book to without asking the
-- database, and set-based SQL creates accounts with the same ids. (Not a CHECK:
-- the database's own constraint tests create accounts with ids of their own; an
-- entry booked to a derived id that does not exist fails its foreign key.)
CREATE FUNCTION "hourglass_uuid"("key" text) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT encode(set_byte(set_byte(substring(d FROM 1 FOR 16), 6, (get_byte(d, 6) & 15) | 128), 8, (get_byte(d, 8) & 63) | 128), 'hex')::uuid
  FROM (SELECT sha256(convert_to('hourglass:' || "key", 'UTF8')) AS d) s
$$;
