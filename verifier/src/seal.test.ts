import { createPrivateKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealMessage, verifySeal, type PortalKey, type Seal } from "./seal";
import { keyIdOf } from "./signatures";

// The documented seal vector (docs/proof-of-work.md). Key: RFC 8032 section 7.1 TEST 1, as the segment vector.
const VECTOR_KEY: PortalKey = { keyId: "21fe31dfa154a261626bf854046fd227", alg: "Ed25519", publicKey: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", from: "2024-06-01T00:00:00.000Z", until: null };
const VECTOR_SEAL: Seal = {
  v: 1,
  contract: "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
  week: "2024-06-03",
  invoice: "HG-INV-2024W23-7K3M9Q2XPA",
  seq: 42,
  head: "ab".repeat(32),
  sealedAt: "2024-06-10T12:00:00.000Z",
  keyId: VECTOR_KEY.keyId,
};
const VECTOR_TEXT =
  'hourglass-seal-v1\n{"contract":"6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f","head":"abababababababababababababababababababababababababababababababab",' +
  '"invoice":"HG-INV-2024W23-7K3M9Q2XPA","keyId":"21fe31dfa154a261626bf854046fd227","sealedAt":"2024-06-10T12:00:00.000Z","seq":42,"v":1,"week":"2024-06-03"}';
const VECTOR_SIGNATURE = "kqycPj0RPrh8Q8QXvyt_fR6d7gIK3P-AV_YfYRpkphyot5CIaFiuEnd-DIHlyOQeZxKiGCTp6BV2g9gm0FvKAA";
const vectorPrivateKey = createPrivateKey({ key: Buffer.from("302e020100300506032b657004220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex"), format: "der", type: "pkcs8" });

const signSeal = (seal: Seal, key: KeyObject) => ({ seal, signature: nodeSign(null, sealMessage(seal), key).toString("base64url") });

async function newKey(from: string, until: string | null): Promise<{ key: PortalKey; privateKey: KeyObject }> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  return { key: { keyId: await keyIdOf(raw), alg: "Ed25519", publicKey: raw.toString("base64url"), from, until }, privateKey };
}

describe("sealMessage", () => {
  it("is the domain tag and the seal's canonical JSON (the documented vector)", () => {
    const message = sealMessage(VECTOR_SEAL);
    expect(new TextDecoder().decode(message)).toBe(VECTOR_TEXT);
  });

  it("signs only the documented fields", () => {
    expect(sealMessage({ ...VECTOR_SEAL, extra: "ignored" } as Seal)).toEqual(sealMessage(VECTOR_SEAL));
  });

  it("gives the documented signature with the RFC 8032 key (Ed25519 is deterministic)", async () => {
    const sealed = signSeal(VECTOR_SEAL, vectorPrivateKey);
    expect(sealed.signature).toBe(VECTOR_SIGNATURE);
    expect(await verifySeal(sealed, [VECTOR_KEY])).toEqual({ ok: true, key: VECTOR_KEY });
  });
});

describe("verifySeal", () => {
  it("refuses a seal whose content changed after signing", async () => {
    const sealed = signSeal(VECTOR_SEAL, vectorPrivateKey);
    for (const change of [{ seq: 43 }, { head: "cd".repeat(32) }, { week: "2024-06-10" }, { invoice: "HG-INV-other" }, { sealedAt: "2024-06-10T12:00:00.001Z" }]) {
      expect(await verifySeal({ ...sealed, seal: { ...VECTOR_SEAL, ...change } }, [VECTOR_KEY]), JSON.stringify(change)).toMatchObject({ ok: false, code: "bad_signature" });
    }
  });

  it("verifies seals of a rotated key inside its window, and refuses one it dated after its retirement", async () => {
    const old = await newKey("2024-01-01T00:00:00.000Z", "2024-04-01T00:00:00.000Z");
    const current = await newKey("2024-04-01T00:00:00.000Z", null);
    const keys = [old.key, current.key];
    const before = signSeal({ ...VECTOR_SEAL, week: "2024-03-18", sealedAt: "2024-03-25T12:00:00.000Z", keyId: old.key.keyId }, old.privateKey);
    const now = signSeal({ ...VECTOR_SEAL, keyId: current.key.keyId }, current.privateKey);
    expect(await verifySeal(before, keys)).toMatchObject({ ok: true, key: { keyId: old.key.keyId } });
    expect(await verifySeal(now, keys)).toMatchObject({ ok: true, key: { keyId: current.key.keyId } });
    // a leaked retired key signing a new week
    const forged = signSeal({ ...VECTOR_SEAL, keyId: old.key.keyId }, old.privateKey);
    expect(await verifySeal(forged, keys)).toMatchObject({ ok: false, code: "outside_key_window" });
    // and a key's seal dated before the key existed
    const early = signSeal({ ...VECTOR_SEAL, sealedAt: "2024-03-31T23:59:59.999Z", keyId: current.key.keyId }, current.privateKey);
    expect(await verifySeal(early, keys)).toMatchObject({ ok: false, code: "outside_key_window" });
  });

  it("refuses a seal signed by a key the portal never published", async () => {
    const stranger = await newKey("2024-01-01T00:00:00.000Z", null);
    const sealed = signSeal({ ...VECTOR_SEAL, keyId: stranger.key.keyId }, stranger.privateKey);
    const check = await verifySeal(sealed, [VECTOR_KEY]);
    expect(check).toMatchObject({ ok: false, code: "unknown_key" });
    expect(check.ok || check.message).toContain(stranger.key.keyId);
  });

  it("refuses a seal that names a published key but was signed by another one", async () => {
    const stranger = await newKey("2024-01-01T00:00:00.000Z", null);
    expect(await verifySeal(signSeal(VECTOR_SEAL, stranger.privateKey), [VECTOR_KEY])).toMatchObject({ ok: false, code: "bad_signature" });
  });

  it("refuses a published key whose id is not its hash", async () => {
    const other = await newKey("2024-01-01T00:00:00.000Z", null);
    const sealed = signSeal(VECTOR_SEAL, vectorPrivateKey);
    expect(await verifySeal(sealed, [{ ...VECTOR_KEY, publicKey: other.key.publicKey }])).toMatchObject({ ok: false, code: "key_mismatch" });
  });

  it("names malformed input instead of throwing", async () => {
    const sealed = signSeal(VECTOR_SEAL, vectorPrivateKey);
    for (const bad of [null, "seal", [], { seal: VECTOR_SEAL }, { seal: { ...VECTOR_SEAL, v: 2 }, signature: sealed.signature }, { seal: { ...VECTOR_SEAL, seq: -1 }, signature: sealed.signature }, { seal: { ...VECTOR_SEAL, head: "xyz" }, signature: sealed.signature }, { seal: { ...VECTOR_SEAL, sealedAt: "yesterday" }, signature: sealed.signature }]) {
      expect(await verifySeal(bad, [VECTOR_KEY]), JSON.stringify(bad)).toMatchObject({ ok: false, code: "malformed" });
    }
    expect(await verifySeal({ ...sealed, signature: "not base64url!" }, [VECTOR_KEY])).toMatchObject({ ok: false, code: "bad_signature" });
  });
});
