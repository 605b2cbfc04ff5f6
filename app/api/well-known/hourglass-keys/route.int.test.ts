// GET /.well-known/hourglass-keys.json (R15.3): every portal key, the retired ones with their window, public
// and cacheable; a seal verifies with what it lists.
import { describe, expect, it } from "vitest";
import { noParams, registerNextAuthShims, routeRequest } from "@/tests/support/route-harness";
import { setupTestDatabase } from "@/tests/support/database";
import { portalSign, rotatePortalKey } from "@/lib/proof/portal-keys";
import { utf8 } from "@/verifier/src/encoding";
import { verifyEd25519 } from "@/verifier/src/signatures";

await setupTestDatabase();
registerNextAuthShims();
const { GET } = await import("./route");

interface Listed {
  keyId: string;
  alg: string;
  publicKey: string;
  from: string;
  until: string | null;
}

const get = async () => {
  const response = await GET(routeRequest("/api/well-known/hourglass-keys"), noParams);
  return { response, body: (await response.json()) as { keys: Listed[] } };
};

describe("GET /.well-known/hourglass-keys.json", () => {
  it("lists no key before the first signature, then every key with its window, public and cacheable", async () => {
    expect((await get()).body).toEqual({ keys: [] });

    const first = await portalSign(utf8("a manual segment"), new Date("2024-06-03T10:00:00.000Z"));
    const second = await rotatePortalKey(new Date("2024-09-02T00:00:00.000Z"), { onlyIfDue: true });
    expect(second.rotated).toBe(true);
    const later = await portalSign(utf8("a seal"), new Date("2024-09-03T00:00:00.000Z"));

    const { response, body } = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(body.keys).toEqual([
      { keyId: first.keyId, alg: "Ed25519", publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), from: "2024-06-03T10:00:00.000Z", until: "2024-09-02T00:00:00.000Z" },
      { keyId: second.keyId, alg: "Ed25519", publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), from: "2024-09-02T00:00:00.000Z", until: null },
    ]);
    // what each key signed verifies with the listed public key, and only with it
    expect(later.keyId).toBe(second.keyId);
    expect(await verifyEd25519(body.keys[0]!.publicKey, utf8("a manual segment"), first.sig)).toBe(true);
    expect(await verifyEd25519(body.keys[1]!.publicKey, utf8("a seal"), later.sig)).toBe(true);
    expect(await verifyEd25519(body.keys[1]!.publicKey, utf8("a manual segment"), first.sig)).toBe(false);
    // nothing secret is listed
    expect(JSON.stringify(body)).not.toMatch(/private|v1\./);
  });
});
