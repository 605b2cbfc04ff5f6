// R15.1 for tests that post segments like a tracker does: a device key pair made with node:crypto (as the
// tracker makes it), registered with a token, and signatures over the canonical encoding the portal verifies.
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { base64url } from "../../verifier/src/encoding";
import { segmentMessage } from "../../verifier/src/signatures";

export interface DeviceKey {
  privateKey: KeyObject;
  /** raw 32 bytes, base64url */
  publicKey: string;
  keyId: string;
}

/** A tracker installation's key pair. */
export function makeDeviceKey(): DeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return { privateKey, publicKey: base64url(raw), keyId: createHash("sha256").update(raw).digest("hex").slice(0, 32) };
}

/** Registers `key` as the token's device key straight in the database (what PUT /api/tracker/v1/key does). */
export async function registerDeviceKey(prisma: PrismaClient, tokenId: string, key: DeviceKey = makeDeviceKey()): Promise<DeviceKey> {
  await prisma.trackerToken.update({ where: { id: tokenId }, data: { publicKey: key.publicKey, keyId: key.keyId } });
  return key;
}

/** The device that signs: its key and the token id the signature names. */
export interface SigningDevice {
  key: DeviceKey;
  tokenId: string;
}

const iso = (value: unknown) => {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
};

/**
 * The upload's fields with the device's signature, over what the portal will store: instants as ISO ms UTC,
 * the memo trimmed, the contract id lower case, screenshotSha256 of `screenshot`. Fields a tracker would never
 * send (a fuzzer's) are signed as they are, or not at all when they have no canonical form: the portal then
 * refuses them as it would anyway.
 */
export function signSegmentUpload<T extends Record<string, unknown>>(fields: T, device: SigningDevice, screenshot: Uint8Array): T & { signature?: string } {
  const segment = {
    contract: typeof fields.contractId === "string" ? fields.contractId.toLowerCase() : fields.contractId,
    slot: iso(fields.slotStart),
    screenshotSha256: createHash("sha256").update(screenshot).digest("hex"),
    keyboard: fields.keyboardCounts,
    mouse: fields.mouseCounts,
    memo: typeof fields.memo === "string" ? fields.memo.trim() : (fields.memo ?? ""),
    takenAt: iso(fields.screenshotTakenAt),
    device: device.tokenId,
    manual: false,
  };
  try {
    const message = segmentMessage(segment as Parameters<typeof segmentMessage>[0]);
    return { ...fields, signature: base64url(sign(null, message, device.key.privateKey)) };
  } catch {
    return fields;
  }
}
