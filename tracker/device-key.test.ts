// R15.1 the device key file: made with node:crypto, stored 0600, the same key after a restart, refused when others
// could read it (as ssh refuses such an identity file), and a signature the verifier's own code accepts.
import { createHash, generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paths, saveConfig } from "./config";
import { DeviceKeyError, loadDeviceKey, newDeviceKey, saveDeviceKey } from "./device-key";
import { SegmentSigner, keyForSignIn, signSegmentFields } from "./signing";
import { fromBase64url } from "../verifier/src/encoding";
import { segmentMessage, verifyEd25519 } from "../verifier/src/signatures";
import type { SegmentFieldsInput, TrackerProfile } from "../lib/validation/tracker";

const folder = () => path.join(mkdtempSync(path.join(tmpdir(), "tracker-key-")), "hourglass");
const DEVICE = "5f0c7a4e-2222-4b7d-8a43-0a3c1b2c3d4e";
const fields: SegmentFieldsInput = {
  segmentId: "3c0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e",
  contractId: "7B0B7C1E-8F63-4D7A-9A43-0A3C1B2C3D4E",
  slotStart: "2024-06-12T10:00:00Z",
  screenshotTakenAt: "2024-06-12T10:03:17.25+00:00",
  keyboardCounts: [5, 0, 0, 12, 0, 0, 0, 0, 0, 1],
  mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
  memo: "  Login screen ",
};
const jpeg = Buffer.from("the exact JPEG bytes uploaded");

describe("the device key file", () => {
  it("is written with mode 0600 in a 0700 folder, and read back as the same key after a restart", () => {
    const dir = folder();
    const key = newDeviceKey();
    saveDeviceKey(key, dir);
    expect(statSync(paths(dir).deviceKey).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = loadDeviceKey(dir)!;
    expect(again).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId });
    // the portal's encodings: 32 raw bytes in base64url; the id is the first 32 hex of their SHA-256
    const raw = fromBase64url(key.publicKey);
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash("sha256").update(raw).digest("hex").slice(0, 32));
    expect(loadDeviceKey(folder())).toBeNull();
  });

  it.each([0o644, 0o640, 0o604, 0o660])("refuses a key file with mode %s, naming the file and chmod 600", (mode) => {
    const dir = folder();
    saveDeviceKey(newDeviceKey(), dir);
    chmodSync(paths(dir).deviceKey, mode);
    expect(() => loadDeviceKey(dir)).toThrow(DeviceKeyError);
    expect(() => loadDeviceKey(dir)).toThrow(`Permissions 0${mode.toString(8)} for ${paths(dir).deviceKey} are too open`);
    expect(() => loadDeviceKey(dir)).toThrow(`chmod 600 ${paths(dir).deviceKey}`);
    chmodSync(paths(dir).deviceKey, 0o400); // read-only for the owner is fine, as for ssh
    expect(loadDeviceKey(dir)).not.toBeNull();
  });

  it("refuses a key file that is not an Ed25519 private key", () => {
    const dir = folder();
    saveDeviceKey(newDeviceKey(), dir);
    writeFileSync(paths(dir).deviceKey, generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    expect(() => loadDeviceKey(dir)).toThrow(/is not an Ed25519 key/);
    writeFileSync(paths(dir).deviceKey, "garbage", { mode: 0o600 });
    expect(() => loadDeviceKey(dir)).toThrow(/is not a readable private key/);
  });
});

describe("signing a segment", () => {
  it("signs what the portal stores (ISO ms instants, trimmed memo, lower-case contract) with the SHA-256 of the bytes; the verifier accepts it", async () => {
    const key = newDeviceKey();
    const signed = signSegmentFields(fields, jpeg, { id: DEVICE, key });
    expect(signed).toMatchObject({ ...fields, signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) });
    const stored = {
      contract: fields.contractId.toLowerCase(),
      slot: "2024-06-12T10:00:00.000Z",
      screenshotSha256: createHash("sha256").update(jpeg).digest("hex"),
      keyboard: fields.keyboardCounts,
      mouse: fields.mouseCounts,
      memo: "Login screen",
      takenAt: "2024-06-12T10:03:17.250Z",
      device: DEVICE,
      manual: false,
    };
    expect(await verifyEd25519(key.publicKey, segmentMessage(stored), signed.signature!)).toBe(true);
    // other bytes, another device, or a signature from another key do not verify
    expect(await verifyEd25519(key.publicKey, segmentMessage({ ...stored, screenshotSha256: "0".repeat(64) }), signed.signature!)).toBe(false);
    expect(await verifyEd25519(key.publicKey, segmentMessage({ ...stored, device: "portal" }), signed.signature!)).toBe(false);
    expect(await verifyEd25519(newDeviceKey().publicKey, segmentMessage(stored), signed.signature!)).toBe(false);
    // signing again replaces the old signature (Ed25519 is deterministic: the same one)
    expect(signSegmentFields(signed, jpeg, { id: DEVICE, key }).signature).toBe(signed.signature);
  });

  it("queues unsigned while the device is not known, or while the key file is too open", () => {
    const dir = folder();
    const signer = new SegmentSigner(dir);
    expect(signer.signNew(fields, jpeg)).toEqual({ fields });
    const key = newDeviceKey();
    saveDeviceKey(key, dir);
    saveConfig({ portalUrl: "http://127.0.0.1:9", token: "hgt_t", device: { id: DEVICE, keyId: key.keyId } }, dir);
    expect(signer.signNew(fields, jpeg)).toMatchObject({ fields: { signature: expect.any(String) }, signedBy: { device: DEVICE, keyId: key.keyId } });
    chmodSync(paths(dir).deviceKey, 0o644);
    expect(signer.signNew(fields, jpeg)).toEqual({ fields });
  });
});

describe("the key a pasted token signs in with", () => {
  it("is the stored key when the token carries it already, a new one otherwise (or when the stored one is too open)", () => {
    const dir = folder();
    const stored = newDeviceKey();
    saveDeviceKey(stored, dir);
    const profile = (keyId: string | null) => ({ device: { id: DEVICE, keyId } }) as TrackerProfile;
    expect(keyForSignIn(dir, profile(stored.keyId)).keyId).toBe(stored.keyId);
    expect(keyForSignIn(dir, profile(null)).keyId).not.toBe(stored.keyId);
    expect(keyForSignIn(dir, profile("another")).keyId).not.toBe(stored.keyId);
    chmodSync(paths(dir).deviceKey, 0o644);
    expect(keyForSignIn(dir, profile(stored.keyId)).keyId).not.toBe(stored.keyId);
  });
});
