// Keyset cursor of Transaction History: the last entry's (created_at, id) and the running balance before it.
// Choice: it is HMAC-signed (AUTH_SECRET) so the balance cannot be edited; rows are read from the caller's own accounts regardless.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface HistoryCursor {
  /** created_at of the last entry shown, in ms */
  at: number;
  /** its ledger entry id */
  id: bigint;
  /** the viewer's balance (signed cents) after every entry strictly older than (at, id) */
  balanceBefore: bigint;
}

// Choice: without AUTH_SECRET (tests, scripts) a key per process; cursors then last as long as the process.
let fallbackKey: Buffer | null = null;
function key(): Buffer | string {
  const secret = process.env.AUTH_SECRET;
  if (secret && secret.length >= 32) return `hourglass:history-cursor:${secret}`;
  return (fallbackKey ??= randomBytes(32));
}

const sign = (body: string) => createHmac("sha256", key()).update(body).digest("base64url").slice(0, 22);

export function encodeCursor(c: HistoryCursor): string {
  const body = `${c.at.toString(36)}.${c.id.toString(36)}.${c.balanceBefore.toString(36)}`;
  return `${body}.${sign(body)}`;
}

/** null when the cursor is malformed or was not made here. */
export function decodeCursor(text: string): HistoryCursor | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const [at, id, balance, mac] = parts as [string, string, string, string];
  const body = `${at}.${id}.${balance}`;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const atMs = parseInt(at, 36);
  const parsedId = parseBase36(id);
  const parsedBalance = parseBase36(balance);
  if (!Number.isSafeInteger(atMs) || parsedId === null || parsedId < 0n || parsedBalance === null) return null;
  return { at: atMs, id: parsedId, balanceBefore: parsedBalance };
}

function parseBase36(text: string): bigint | null {
  const m = /^(-?)([0-9a-z]{1,20})$/.exec(text);
  if (!m) return null;
  let n = 0n;
  for (const ch of m[2]!) n = n * 36n + BigInt(parseInt(ch, 36));
  return m[1] ? -n : n;
}
