// R15.1 this installation's Ed25519 key pair, made with node:crypto when the tracker signs in. The private
// key stays in the config folder (device-key.pem, readable by the user only) and is never sent anywhere;
// the portal keeps the public key with the token and checks every uploaded segment's signature with it.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync, rmSync, statSync } from "node:fs";
import { paths, writeFileAtomic } from "./config";

export interface DeviceKey {
  privateKey: KeyObject;
  /** the raw 32-byte public key, base64url without padding (what the portal registers) */
  publicKey: string;
  /** the first 32 hex characters of the SHA-256 of the raw public key (GET /me device.keyId) */
  keyId: string;
}

/** The key file cannot be used: too open, not ours, or not an Ed25519 key. The message says what to do. */
export class DeviceKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeviceKeyError";
  }
}

function deviceKeyOf(privateKey: KeyObject): DeviceKey {
  // A JWK's "x" is the raw public key in unpadded base64url: exactly the portal's encoding.
  const publicKey = createPublicKey(privateKey).export({ format: "jwk" }).x as string;
  const keyId = createHash("sha256").update(Buffer.from(publicKey, "base64url")).digest("hex").slice(0, 32);
  return { privateKey, publicKey, keyId };
}

/** A fresh key pair, in memory only until saveDeviceKey(). */
export function newDeviceKey(): DeviceKey {
  return deviceKeyOf(generateKeyPairSync("ed25519").privateKey);
}

/** Written whole (write, then rename) with mode 0600 in a 0700 folder. */
export function saveDeviceKey(key: DeviceKey, dir: string): void {
  writeFileAtomic(paths(dir).deviceKey, key.privateKey.export({ format: "pem", type: "pkcs8" }) as string, 0o600);
}

/**
 * The stored key, or null when there is none.
 * Choice: like ssh with an identity file, a key file that others could read (any group or world bit) or that
 * belongs to another user is refused, never used: someone else may hold a copy, and then signatures prove nothing.
 */
export function loadDeviceKey(dir: string): DeviceKey | null {
  const file = paths(dir).deviceKey;
  let mode: number;
  let uid: number;
  try {
    ({ mode, uid } = statSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // Windows has no POSIX modes: the file sits in the user's profile, as ssh for Windows trusts it there.
  if (process.platform !== "win32") {
    if ((mode & 0o077) !== 0) {
      const shown = (mode & 0o777).toString(8).padStart(4, "0");
      throw new DeviceKeyError(
        `Permissions ${shown} for ${file} are too open: this device's private key must be readable by you only, so it is not used. ` +
          `Run: chmod 600 ${file} (or sign in again for a new key: hourglass-tracker login <portal-url>).`,
      );
    }
    const me = process.getuid?.();
    if (me !== undefined && uid !== me) throw new DeviceKeyError(`${file} belongs to another user (uid ${uid}), so it is not used. Sign in again for a key of your own: hourglass-tracker login <portal-url>.`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DeviceKeyError(`${file} is not a readable private key (${(error as Error).message}). Sign in again for a new key: hourglass-tracker login <portal-url>.`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new DeviceKeyError(`${file} is not an Ed25519 key. Sign in again for a new key: hourglass-tracker login <portal-url>.`);
  return deviceKeyOf(privateKey);
}

/** Sign-out: the key goes with the token it was registered for. */
export function removeDeviceKey(dir: string): void {
  rmSync(paths(dir).deviceKey, { force: true });
}
