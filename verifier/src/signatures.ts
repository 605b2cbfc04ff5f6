// Ed25519 signatures over segments (R15.1). Pure and isomorphic (WebCrypto).
import { canonicalJson } from "./canonical";
import { base64url, fromBase64url, sha256Hex, utf8 } from "./encoding";

/** What a tracker signs for one 10-minute slot (R15.1); manual time is signed by the portal. */
export type SignedSegment = {
  contract: string;
  /** slot start, ISO with milliseconds: 2024-06-03T10:00:00.000Z */
  slot: string;
  /** lowercase hex SHA-256 of the screenshot bytes as uploaded; null for manual time */
  screenshotSha256: string | null;
  /** 10 per-minute counts; [] for manual time */
  keyboard: number[];
  mouse: number[];
  memo: string;
  /** screenshot time, ISO with milliseconds */
  takenAt: string | null;
  /** the tracker token's id; "portal" for manual time */
  device: string;
  manual: boolean;
};

const SEGMENT_DOMAIN = "hourglass-segment-v1\n";
export const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** The exact bytes signed for a segment: a domain tag, then its canonical JSON. */
export function segmentMessage(segment: SignedSegment): Uint8Array {
  const { contract, slot, screenshotSha256, keyboard, mouse, memo, takenAt, device, manual } = segment;
  // only the documented fields are signed, whatever else the object carries
  return utf8(SEGMENT_DOMAIN + canonicalJson({ contract, slot, screenshotSha256, keyboard, mouse, memo, takenAt, device, manual }));
}

/** The first 32 hex characters of the SHA-256 of the raw 32-byte public key. */
export async function keyIdOf(publicKeyRaw: Uint8Array): Promise<string> {
  return (await sha256Hex(publicKeyRaw)).slice(0, 32);
}

/** A base64url public key that decodes to exactly 32 bytes, or null. */
export function parsePublicKey(publicKeyB64url: string): Uint8Array | null {
  try {
    const raw = fromBase64url(publicKeyB64url);
    return raw.length === ED25519_PUBLIC_KEY_BYTES ? raw : null;
  } catch {
    return null;
  }
}

/**
 * True only for a valid Ed25519 signature of message by the key.
 * Choice: a malformed key or signature (bad base64url, wrong length, not a curve point) is
 * simply "does not verify", never an exception, so no input crashes a verifier.
 */
export async function verifyEd25519(publicKeyB64url: string, message: Uint8Array, sigB64url: string): Promise<boolean> {
  const raw = parsePublicKey(publicKeyB64url);
  if (!raw) return false;
  let sig: Uint8Array;
  try {
    sig = fromBase64url(sigB64url);
  } catch {
    return false;
  }
  if (sig.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const key = await globalThis.crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
    return await globalThis.crypto.subtle.verify({ name: "Ed25519" }, key, sig as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** base64url of the 64-byte Ed25519 signature. */
export async function signEd25519(privateKey: CryptoKey, message: Uint8Array): Promise<string> {
  return base64url(new Uint8Array(await globalThis.crypto.subtle.sign({ name: "Ed25519" }, privateKey, message as Uint8Array<ArrayBuffer>)));
}
