// R15.1 the tracker signs every segment it uploads with this installation's device key (tracker/device-key.ts):
// an Ed25519 signature over segmentMessage() of the SignedSegment the portal will store, with device = the
// token's id (GET /me device.id) and screenshotSha256 = the SHA-256 of the exact JPEG bytes uploaded.
// Entries are signed when they are queued, so a queue survives restarts signed; an entry queued unsigned
// (before this release, or before the device was known) is signed when it is sent.
import { createHash, sign } from "node:crypto";
import { PortalClient, PortalError } from "./api-client";
import { loadConfig, saveConfig } from "./config";
import { DeviceKeyError, loadDeviceKey, newDeviceKey, saveDeviceKey, type DeviceKey } from "./device-key";
import type { QueuedSegment } from "./queue";
import { segmentMessage } from "../verifier/src/signatures";
import { segmentFieldsSchema, signedSegmentOfUpload, type SegmentFieldsInput, type TrackerProfile } from "../lib/validation/tracker";

/** The device a signature names (the token's id) and the key that makes it. */
interface SigningDevice {
  id: string;
  key: DeviceKey;
}

/** Who signed a queued entry, so an entry signed under an earlier sign-in is recognised. */
export interface SignedBy {
  device: string;
  keyId: string;
}

const signedByOf = (device: SigningDevice): SignedBy => ({ device: device.id, keyId: device.key.keyId });

/**
 * The upload's fields with `signature` set over what the portal stores for them: the fields as the API's own
 * schema parses them (lib/validation/tracker.ts signedSegmentOfUpload, which the ingest verifies with).
 * Fields the schema refuses are returned unsigned: the portal refuses them for their fields anyway.
 */
export function signSegmentFields<F extends SegmentFieldsInput>(fields: F, screenshot: Uint8Array, device: SigningDevice): F {
  const { signature: _old, ...rest } = fields;
  const unsigned = rest as F;
  const parsed = segmentFieldsSchema.safeParse(unsigned);
  if (!parsed.success) return unsigned;
  const screenshotSha256 = createHash("sha256").update(screenshot).digest("hex");
  const message = segmentMessage(signedSegmentOfUpload(parsed.data, device.id, screenshotSha256));
  return { ...unsigned, signature: sign(null, message, device.key.privateKey).toString("base64url") };
}

const anotherKey = (portalUrl: string) =>
  new DeviceKeyError(
    `This device's token already has another key registered (from another installation, or from an earlier sign-in whose key is gone), and a device's key never changes. ` +
      `Sign in again for a new device: hourglass-tracker login ${portalUrl}`,
  );

/**
 * Makes sure the token `client` calls with carries `key`: nothing to do when GET /me names it already (device
 * sign-in registers it), PUT /api/tracker/v1/key when the token has none yet. The device, or null when the
 * portal names no device at all (a portal from before device keys: its uploads go unsigned).
 */
async function bindDeviceKey(client: PortalClient, key: DeviceKey, profile?: TrackerProfile): Promise<SignedBy | null> {
  const device = (profile ?? (await client.me())).device;
  if (!device) return null;
  if (device.keyId === key.keyId) return { device: device.id, keyId: key.keyId };
  if (device.keyId) throw anotherKey(client.baseUrl);
  try {
    await client.registerKey(key.publicKey);
  } catch (error) {
    throw error instanceof PortalError && error.status === 409 ? anotherKey(client.baseUrl) : error;
  }
  return { device: device.id, keyId: key.keyId };
}

/**
 * After a sign-in (device sign-in or a pasted token): the token carries `key` (registered now if need be),
 * then the key and the token are stored, the key first, so a stored token always has its key beside it.
 * Nothing is stored when the portal refuses the key.
 */
export async function completeSignIn(dir: string, portalUrl: string, token: string, profile: TrackerProfile, key: DeviceKey): Promise<void> {
  const device = await bindDeviceKey(new PortalClient(portalUrl, token), key, profile);
  saveDeviceKey(key, dir);
  saveConfig({ portalUrl, token, ...(device ? { device: { id: device.device, keyId: device.keyId } } : {}) }, dir);
}

/**
 * The key to sign a pasted token in with.
 * Choice: a new key pair at every sign-in (a new token is a new device, R15.1), except when the token already
 * carries this installation's stored key (`login` run again with the same token), which is kept.
 */
export function keyForSignIn(dir: string, profile: TrackerProfile): DeviceKey {
  let stored: DeviceKey | null = null;
  try {
    stored = loadDeviceKey(dir);
  } catch (error) {
    if (!(error instanceof DeviceKeyError)) throw error; // a key others could read is replaced, not reused
  }
  return stored && profile.device?.keyId === stored.keyId ? stored : newDeviceKey();
}

/** Signs segments for the stored sign-in: at queue time from the config folder alone, at send time registering first if need be. */
export class SegmentSigner {
  /** the portal names no device (older than device keys): asked once per process */
  private unsignedPortal = false;
  private binding: Promise<SigningDevice | null> | null = null;

  constructor(private readonly dir: string) {}

  /** The registered device from the config folder, without the network; null while not known. Throws DeviceKeyError for an unusable key file. */
  current(): SigningDevice | null {
    const config = loadConfig(this.dir);
    if (!config?.device) return null;
    const key = loadDeviceKey(this.dir);
    return key?.keyId === config.device.keyId ? { id: config.device.id, key } : null;
  }

  /**
   * current(), or, for a token signed in before device keys, this installation's key (made now when there is
   * none) registered for it with PUT /api/tracker/v1/key once. null: the portal knows no device keys.
   */
  async ensure(client: PortalClient, profile?: TrackerProfile): Promise<SigningDevice | null> {
    const known = this.current();
    if (known || this.unsignedPortal) return known;
    // one registration at a time in this process (the window's refresh and its sender may ask together)
    this.binding ??= this.bind(client, profile).finally(() => (this.binding = null));
    return this.binding;
  }

  private async bind(client: PortalClient, profile?: TrackerProfile): Promise<SigningDevice | null> {
    const config = loadConfig(this.dir);
    if (!config) return null;
    let key = loadDeviceKey(this.dir);
    if (!key) {
      key = newDeviceKey();
      saveDeviceKey(key, this.dir);
    }
    const device = await bindDeviceKey(client, key, profile);
    if (!device) {
      this.unsignedPortal = true;
      return null;
    }
    saveConfig({ ...config, device: { id: device.device, keyId: device.keyId } }, this.dir);
    return { id: device.device, key };
  }

  /** The fields of a new entry, signed when the device is known; the entry's signer with them. */
  signNew<F extends SegmentFieldsInput>(fields: F, screenshot: Uint8Array): { fields: F; signedBy?: SignedBy } {
    let device: SigningDevice | null = null;
    try {
      device = this.current();
    } catch (error) {
      if (!(error instanceof DeviceKeyError)) throw error; // queued unsigned; sending it says what is wrong with the key
    }
    return device ? { fields: signSegmentFields(fields, screenshot, device), signedBy: signedByOf(device) } : { fields };
  }

  /**
   * Before a queued entry is sent: signs it when it is unsigned or signed by another device than the current one.
   * Choice: an entry queued under an earlier sign-in (whose key was deleted with its token at sign-out) is
   * signed again by this installation's current key, so the queue kept across a sign-out is still delivered;
   * an entry signed by the current device is sent exactly as queued, so a change made to it since is refused.
   * Returns whether the entry changed (the caller writes it back).
   */
  async signQueued(item: QueuedSegment, image: Uint8Array, client: PortalClient): Promise<boolean> {
    const device = await this.ensure(client);
    if (!device) return false;
    if (item.fields.signature && item.signedBy?.device === device.id && item.signedBy.keyId === device.key.keyId) return false;
    item.fields = signSegmentFields(item.fields, image, device);
    item.signedBy = signedByOf(device);
    return true;
  }
}
