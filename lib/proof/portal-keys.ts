// R15.3 the portal's own Ed25519 keys: they sign seals and manual time (R15.1). The private key is kept
// encrypted under AUTH_SECRET; exactly one key signs at a time, the others are retired but stay published
// with the window in which they signed, so a bundle sealed years ago still verifies (as Certificate
// Transparency logs and Sigstore's TUF root keep expired keys with their validity periods).
// No "server-only" marker: the demo seed seals its closed weeks in plain Node.
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { db } from "@/lib/db/client";
import { decryptWithAuthSecret, encryptWithAuthSecret } from "@/lib/auth/secret-box";
import type { PortalKey } from "@/verifier/src/seal";

const PURPOSE = "portal-signing-key v1";
// Choice: a new portal key every 90 days (Let's Encrypt's certificate lifetime; short enough that a leaked
// AUTH_SECRET plus a database copy exposes at most one quarter's seals, long enough that the published
// list stays small: four keys a year).
const PORTAL_KEY_LIFETIME_DAYS = 90;
const DAY_MS = 86_400_000;

interface KeyRow {
  keyId: string;
  privateKeyEncrypted: string;
  retiresAt: Date;
}

// Decrypted keys by id: the row is read on every signature (so a rotation by another process is seen at
// once), the decryption is not repeated.
const privateKeys = new Map<string, KeyObject>();

/** The key id of a raw Ed25519 public key: the first 32 hex chars of its SHA-256 (proof-interfaces). */
function portalKeyIdOf(publicKeyRaw: Uint8Array): string {
  return createHash("sha256").update(publicKeyRaw).digest("hex").slice(0, 32);
}

async function currentRow(): Promise<KeyRow | null> {
  return db().portalSigningKey.findFirst({
    where: { retiredAt: null },
    select: { keyId: true, privateKeyEncrypted: true, retiresAt: true },
  });
}

/**
 * Makes a new signing key and retires the current one, unless (with `onlyIfDue`) a current key exists
 * that is not yet due at `now`. Serialised by an advisory lock, and the database allows one unretired key,
 * so two processes doing this at once end with one new key.
 */
export async function rotatePortalKey(now: Date, options: { onlyIfDue: boolean }): Promise<{ keyId: string; rotated: boolean; retiredKeyId: string | null }> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hourglass:portal_signing_key'))`;
    const current = await tx.portalSigningKey.findFirst({ where: { retiredAt: null }, select: { keyId: true, retiresAt: true } });
    if (current && options.onlyIfDue && current.retiresAt > now) return { keyId: current.keyId, rotated: false, retiredKeyId: null };
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
    const keyId = portalKeyIdOf(raw);
    const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    if (current) await tx.portalSigningKey.update({ where: { keyId: current.keyId }, data: { retiredAt: now } });
    await tx.portalSigningKey.create({
      data: {
        keyId,
        publicKey: raw.toString("base64url"),
        privateKeyEncrypted: encryptWithAuthSecret(pkcs8, PURPOSE),
        createdAt: now,
        retiresAt: new Date(now.getTime() + PORTAL_KEY_LIFETIME_DAYS * DAY_MS),
      },
    });
    return { keyId, rotated: true, retiredKeyId: current?.keyId ?? null };
  });
}

async function signingRow(now: Date): Promise<KeyRow> {
  const row = await currentRow();
  // Choice: a key past its 90 days keeps signing until the daily rotation job replaces it (a signature
  // never waits on key generation); only a portal with no key at all makes one here, on first use.
  if (row) return row;
  await rotatePortalKey(now, { onlyIfDue: true });
  const made = await currentRow();
  if (!made) throw new Error("No portal signing key after creating one.");
  return made;
}

export interface PortalSigner {
  keyId: string;
  /** base64url Ed25519 signature of message */
  sign(message: Uint8Array): string;
}

/** The portal's current key (made on first use), to sign several messages with one key (the seals of a close). */
export async function portalSigner(now: Date): Promise<PortalSigner> {
  const row = await signingRow(now);
  let key = privateKeys.get(row.keyId);
  if (!key) {
    let der: Buffer;
    try {
      der = Buffer.from(decryptWithAuthSecret(row.privateKeyEncrypted, PURPOSE), "base64url");
    } catch {
      // Choice: never a new key on its own here: with AUTH_SECRET differing between instances they would
      // replace each other's keys; the operator decides (the old public key stays published either way).
      throw new Error(`The portal signing key ${row.keyId} cannot be decrypted with this AUTH_SECRET (was it changed?). Restore it, or run \`npm run proof:rotate-key\` to retire that key and make a new one.`);
    }
    key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    privateKeys.set(row.keyId, key);
  }
  const privateKey = key;
  return { keyId: row.keyId, sign: (message) => sign(null, message, privateKey).toString("base64url") };
}

/** Signs `message` with the portal's current key (made on first use). */
export async function portalSign(message: Uint8Array, now: Date): Promise<{ keyId: string; sig: string }> {
  const signer = await portalSigner(now);
  return { keyId: signer.keyId, sig: signer.sign(message) };
}

/** Every portal key ever used, oldest first: `from` its creation, `until` its retirement (null: signing now). */
export async function publishedKeys(): Promise<PortalKey[]> {
  const rows = await db().portalSigningKey.findMany({
    select: { keyId: true, publicKey: true, createdAt: true, retiredAt: true },
    orderBy: [{ createdAt: "asc" }, { keyId: "asc" }],
  });
  return rows.map((r) => ({ keyId: r.keyId, alg: "Ed25519", publicKey: r.publicKey, from: r.createdAt.toISOString(), until: r.retiredAt?.toISOString() ?? null }));
}
