// Deterministic identities for ledger rows. A booking's ids, reference ID and
// account ids follow from its business key alone, so rerunning a job (or running
// it in two processes) produces byte-identical rows, and the unique keys catch
// every repeat.
import { hash } from "node:crypto";
import { weekStartOf } from "@/lib/billing";

const DAY_MS = 86_400_000;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function digest(key: string): Buffer {
  // one-shot: the same bytes as createHash().update().digest(), without the hash object (the weekly close derives tens of thousands of ids)
  return hash("sha256", `hourglass:${key}`, "buffer");
}

/** A UUID (version 8, "custom") derived from a business key. */
export function uuidFromKey(key: string): string {
  const b = digest(key);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `length` Crockford base-32 characters (5 bits each) of the key's hash. */
export function shortHash(key: string, length = 10): string {
  const b = digest(key);
  let out = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; out.length < length; i++) {
    acc = (acc << 8) | b[i]!;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** ISO 8601 week label of the week holding `instant`, e.g. "2024W23" (R1.1 weeks start on Monday). */
export function isoWeekLabel(instant: Date): string {
  const thursday = weekStartOf(instant).getTime() + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}W${String(week).padStart(2, "0")}`;
}

export type ReferenceKind = "INV" | "BON" | "DSP" | "WDR" | "CHG";

/**
 * R11 / R12 the readable reference ID of a cause (invoice, bonus, dispute, withdrawal, charge):
 * `HG-INV-2024W23-7K3M9Q2XPA`. Its transfers use it too, with a suffix for the
 * secondary ones (`-W` weekly payment, `-P` / `-A` maturity steps, ...).
 * Choice: ten base-32 characters (50 bits) of the business key's hash keep
 * collisions negligible at tens of thousands of invoices a week.
 */
export function referenceId(kind: ReferenceKind, at: Date, key: string): string {
  return `HG-${kind}-${isoWeekLabel(at)}-${shortHash(key)}`;
}
