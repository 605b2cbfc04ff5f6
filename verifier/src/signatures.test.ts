import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, hex, sha256Hex, utf8 } from "./encoding";
import { keyIdOf, parsePublicKey, segmentMessage, signEd25519, verifyEd25519, type SignedSegment } from "./signatures";

// The documented test vector (docs/proof-of-work.md). Key: RFC 8032 section 7.1 TEST 1.
const SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const PUBLIC_KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const KEY_ID = "21fe31dfa154a261626bf854046fd227";
const PKCS8_PREFIX_HEX = "302e020100300506032b657004220420";

const VECTOR_SEGMENT: SignedSegment = {
  contract: "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
  slot: "2024-06-03T10:00:00.000Z",
  screenshotSha256: "ec0a45a4135886673a82ba08f603bc29ce81746984346893009920d83ae5d3a2", // sha256("hourglass test screenshot")
  keyboard: [12, 0, 7, 33, 5, 0, 0, 41, 9, 2],
  mouse: [3, 1, 0, 15, 8, 0, 0, 22, 4, 1],
  memo: 'Fix "login" bug — café ✓',
  takenAt: "2024-06-03T10:04:17.250Z",
  device: "4b9e0c7a-2d1f-4e3a-8c6b-5f0a9d8e7c21",
  manual: false,
};
const VECTOR_TEXT =
  'hourglass-segment-v1\n{"contract":"6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f","device":"4b9e0c7a-2d1f-4e3a-8c6b-5f0a9d8e7c21",' +
  '"keyboard":[12,0,7,33,5,0,0,41,9,2],"manual":false,"memo":"Fix \\"login\\" bug — café ✓","mouse":[3,1,0,15,8,0,0,22,4,1],' +
  '"screenshotSha256":"ec0a45a4135886673a82ba08f603bc29ce81746984346893009920d83ae5d3a2","slot":"2024-06-03T10:00:00.000Z",' +
  '"takenAt":"2024-06-03T10:04:17.250Z"}';
// the message is 401 bytes of UTF-8; its SHA-256:
const VECTOR_MESSAGE_SHA256 = "8d2cc25f99c06e4934e82ddb0cc5a6a21ba2bc4797e7ea729acc8b8d790974e1";
const VECTOR_SIGNATURE = "nYDkoA6orSMJbacEV4UByZLEWMS2YLqde280iEPmJTH_cpobyJKtpisjb1wdY2SfX3sZdmtmHndJOj1zYHINBg";

function vectorPkcs8(): Uint8Array {
  return Uint8Array.from((PKCS8_PREFIX_HEX + SEED_HEX).match(/../g)!.map((b) => parseInt(b, 16)));
}

async function vectorPrivateKey(): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", vectorPkcs8() as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["sign"]);
}

describe("segmentMessage: the documented vector", () => {
  it("is the domain tag and the canonical JSON, byte for byte", async () => {
    const message = segmentMessage(VECTOR_SEGMENT);
    expect(new TextDecoder().decode(message)).toBe(VECTOR_TEXT);
    expect(message).toEqual(utf8(VECTOR_TEXT));
    expect(await sha256Hex(utf8("hourglass test screenshot"))).toBe(VECTOR_SEGMENT.screenshotSha256);
    expect(message).toHaveLength(401);
    expect(await sha256Hex(message)).toBe(VECTOR_MESSAGE_SHA256);
  });

  it("signs only the documented fields", () => {
    const extra = { ...VECTOR_SEGMENT, signature: "x", id: 7 } as SignedSegment;
    expect(segmentMessage(extra)).toEqual(segmentMessage(VECTOR_SEGMENT));
  });

  it("manual time: null screenshot and time, empty counts", () => {
    const manual: SignedSegment = { ...VECTOR_SEGMENT, screenshotSha256: null, takenAt: null, keyboard: [], mouse: [], device: "portal", manual: true, memo: "" };
    expect(new TextDecoder().decode(segmentMessage(manual))).toBe(
      'hourglass-segment-v1\n{"contract":"6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f","device":"portal","keyboard":[],"manual":true,"memo":"",' +
        '"mouse":[],"screenshotSha256":null,"slot":"2024-06-03T10:00:00.000Z","takenAt":null}',
    );
  });
});

describe("Ed25519 signatures", () => {
  it("the RFC 8032 key's id and the vector's deterministic signature", async () => {
    expect(await keyIdOf(fromBase64url(PUBLIC_KEY))).toBe(KEY_ID);
    const sig = await signEd25519(await vectorPrivateKey(), segmentMessage(VECTOR_SEGMENT));
    expect(sig).toBe(VECTOR_SIGNATURE);
    expect(await verifyEd25519(PUBLIC_KEY, segmentMessage(VECTOR_SEGMENT), VECTOR_SIGNATURE)).toBe(true);
  });

  it("RFC 8032 TEST 1: the empty message", async () => {
    const sig = await signEd25519(await vectorPrivateKey(), new Uint8Array());
    expect(hex(fromBase64url(sig))).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
  });

  it("a signature made with node:crypto (as the tracker signs) verifies with WebCrypto", async () => {
    const nodeKey = createPrivateKey({ key: Buffer.from(vectorPkcs8()), format: "der", type: "pkcs8" });
    const sig = base64url(nodeSign(null, segmentMessage(VECTOR_SEGMENT), nodeKey));
    expect(sig).toBe(VECTOR_SIGNATURE);
  });

  it("any change to the segment breaks the signature", async () => {
    const changes: Array<Partial<SignedSegment>> = [
      { contract: "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e60" },
      { slot: "2024-06-03T10:10:00.000Z" },
      { screenshotSha256: "0".repeat(64) },
      { keyboard: [13, 0, 7, 33, 5, 0, 0, 41, 9, 2] },
      { mouse: [3, 1, 0, 15, 8, 0, 0, 22, 4, 2] },
      { memo: 'Fix "login" bug' },
      { takenAt: "2024-06-03T10:04:17.251Z" },
      { device: "portal" },
      { manual: true },
    ];
    for (const change of changes) {
      expect(await verifyEd25519(PUBLIC_KEY, segmentMessage({ ...VECTOR_SEGMENT, ...change }), VECTOR_SIGNATURE), JSON.stringify(change)).toBe(false);
    }
  });

  it("another key does not verify", async () => {
    const { publicKey } = generateKeyPairSync("ed25519");
    const otherRaw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    expect(await verifyEd25519(base64url(otherRaw), segmentMessage(VECTOR_SEGMENT), VECTOR_SIGNATURE)).toBe(false);
  });

  it.each([
    ["a short signature", PUBLIC_KEY, VECTOR_SIGNATURE.slice(0, 40)],
    ["a signature that is not base64url", PUBLIC_KEY, `${VECTOR_SIGNATURE.slice(0, -1)}=`],
    ["a 31-byte key", base64url(new Uint8Array(31)), VECTOR_SIGNATURE],
    ["a key that is not base64url", "not a key!", VECTOR_SIGNATURE],
    ["an all-zero signature", PUBLIC_KEY, base64url(new Uint8Array(64))],
  ])("%s is false, never a throw", async (_name, key, sig) => {
    expect(await verifyEd25519(key, segmentMessage(VECTOR_SEGMENT), sig)).toBe(false);
  });

  it("parsePublicKey accepts exactly 32 bytes", () => {
    expect(parsePublicKey(PUBLIC_KEY)).toHaveLength(32);
    expect(parsePublicKey(base64url(new Uint8Array(33)))).toBeNull();
    expect(parsePublicKey("")).toBeNull();
  });
});
