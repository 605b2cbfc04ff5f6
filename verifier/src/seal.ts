// Seals (R15.3): at each weekly close the portal signs, with its own key, the head of the contract's
// chain at that moment into the week's invoice. Pure and isomorphic (WebCrypto through signatures.ts):
// the portal signs sealMessage, the CLI, the browser and the Work Diary check with verifySeal against
// the keys published at /.well-known/hourglass-keys.json.
import { canonicalJson } from "./canonical";
import { utf8 } from "./encoding";
import { keyIdOf, parsePublicKey, verifyEd25519 } from "./signatures";

export type Seal = {
  v: 1;
  contract: string;
  /** the week's start (Monday, UTC): 2024-06-03 */
  week: string;
  /** the invoice's reference id */
  invoice: string;
  /** the chain head sealed; 0 when the contract had no record yet */
  seq: number;
  /** its record hash; 64 zeros when seq is 0 */
  head: string;
  /** ISO with milliseconds */
  sealedAt: string;
  /** the portal key that signed it */
  keyId: string;
};

/** As stored in the invoice and shipped in a bundle (seal.json, anchor.json). */
export type SignedSeal = { seal: Seal; signature: string };

/** One entry of /.well-known/hourglass-keys.json: a portal key and the window in which it signed. */
export type PortalKey = {
  keyId: string;
  alg: "Ed25519";
  /** raw 32-byte public key, base64url */
  publicKey: string;
  /** ISO: created */
  from: string;
  /** ISO: retired (a newer key signs since); null for the key signing now */
  until: string | null;
};

const SEAL_DOMAIN = "hourglass-seal-v1\n";

/** The exact bytes the portal signs for a seal: a domain tag, then its canonical JSON. */
export function sealMessage(seal: Seal): Uint8Array {
  const { v, contract, week, invoice, seq, head, sealedAt, keyId } = seal;
  // only the documented fields are signed, whatever else the object carries
  return utf8(SEAL_DOMAIN + canonicalJson({ v, contract, week, invoice, seq, head, sealedAt, keyId }));
}

export type SealProblemCode = "malformed" | "unknown_key" | "key_mismatch" | "outside_key_window" | "bad_signature";

export type SealCheck = { ok: true; key: PortalKey } | { ok: false; code: SealProblemCode; message: string };

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Why `value` is not a signed seal of version 1, or null when it is one. */
function malformed(value: unknown): string | null {
  if (!isObject(value) || !isObject(value.seal) || typeof value.signature !== "string") return "not { seal, signature }";
  const s = value.seal;
  if (s.v !== 1) return `unknown seal version ${JSON.stringify(s.v)}`;
  if (typeof s.contract !== "string" || typeof s.invoice !== "string" || typeof s.keyId !== "string") return "contract, invoice or keyId is not a string";
  if (typeof s.week !== "string" || !DAY.test(s.week)) return "week is not a date";
  if (!Number.isSafeInteger(s.seq) || (s.seq as number) < 0) return "seq is not a whole number";
  if (typeof s.head !== "string" || !HEX64.test(s.head)) return "head is not a SHA-256 hex hash";
  if (typeof s.sealedAt !== "string" || !ISO_MS.test(s.sealedAt)) return "sealedAt is not an ISO instant with milliseconds";
  return null;
}

/**
 * Checks a signed seal against the published portal keys: the key is known, its id is the hash of its
 * public key, the seal was made inside the key's window, and the signature holds over sealMessage.
 * Choice: as Sigstore checks a signature against the certificate valid at signing time, a retired key
 * verifies what it sealed before `until`, never after it (a leaked old key cannot seal new weeks with
 * a current date). Never throws: malformed input is a problem like any other.
 */
export async function verifySeal(sealed: unknown, keys: readonly PortalKey[]): Promise<SealCheck> {
  const why = malformed(sealed);
  if (why) return { ok: false, code: "malformed", message: `The seal is malformed: ${why}.` };
  const { seal, signature } = sealed as SignedSeal;
  const key = keys.find((k) => k.keyId === seal.keyId);
  if (!key) return { ok: false, code: "unknown_key", message: `The seal of week ${seal.week} is signed by key ${seal.keyId}, which is not among the portal's published keys.` };
  const raw = parsePublicKey(key.publicKey);
  if (!raw || (await keyIdOf(raw)) !== key.keyId) return { ok: false, code: "key_mismatch", message: `Published key ${key.keyId} does not hash to its id.` };
  const at = Date.parse(seal.sealedAt);
  if (at < Date.parse(key.from) || (key.until !== null && at >= Date.parse(key.until))) {
    return { ok: false, code: "outside_key_window", message: `The seal of week ${seal.week} is dated ${seal.sealedAt}, outside the window of key ${key.keyId} (${key.from} to ${key.until ?? "now"}).` };
  }
  if (!(await verifyEd25519(key.publicKey, sealMessage(seal), signature))) {
    return { ok: false, code: "bad_signature", message: `The seal of week ${seal.week} does not verify with key ${key.keyId}: it was changed after signing.` };
  }
  return { ok: true, key };
}
