import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { LIMITS } from "../config/limits";
import { createTrackerToken, hashToken } from "./create-tracker-token";
import { authenticateTrackerToken } from "./authenticate-tracker-token";
import { revokeTrackerToken } from "./revoke-tracker-token";
import { listTrackerTokens } from "./list-tracker-tokens";
import { getTrackerProfile } from "../tracker-api/get-tracker-profile";

const { prisma } = await setupTestDatabase();
const at = new Date("2024-06-05T10:00:00Z");

describe("tracker tokens", () => {
  it("shows the token once, stores only its hash, and has at least 128 bits of randomness", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const created = await createTrackerToken(freelancer, "Laptop", at);
    const secretPart = created.token.slice(4);
    expect(Buffer.from(secretPart, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const row = await prisma.trackerToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(secretPart);
    const listed = await listTrackerTokens(freelancer);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "Laptop", lastUsedAt: null, revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(secretPart);
  });

  it("authenticates Bearer calls, records last use, and stops working once revoked", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const { id, token } = await createTrackerToken(freelancer, "Desktop", at);
    await expect(authenticateTrackerToken(`Bearer ${token}`, at)).resolves.toEqual({ userId: freelancer.id, tokenId: id, publicKey: null, keyId: null });
    expect((await listTrackerTokens(freelancer))[0]?.lastUsedAt).toBe(at.toISOString());

    await revokeTrackerToken(freelancer, id, at);
    await expect(authenticateTrackerToken(`Bearer ${token}`, at)).rejects.toMatchObject({ code: "unauthenticated", status: 401 });
    // revoking again is harmless
    await expect(revokeTrackerToken(freelancer, id, at)).resolves.toBeUndefined();
  });

  it.each([
    ["no header", null],
    ["wrong scheme", "Basic abc"],
    ["unknown token", "Bearer hgt_unknownunknownunknown"],
    ["not ours", "Bearer sk_live_123"],
  ])("answers 401 for %s", async (_label, header) => {
    await expect(authenticateTrackerToken(header, at)).rejects.toMatchObject({ code: "unauthenticated", status: 401 });
  });

  it("answers 404 when revoking another freelancer's token, and leaves it working", async () => {
    const owner = await makeUser(prisma, "FREELANCER");
    const other = await makeUser(prisma, "FREELANCER");
    const { id, token } = await createTrackerToken(owner, "Mine", at);
    await expect(revokeTrackerToken(other, id, at)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(authenticateTrackerToken(`Bearer ${token}`, at)).resolves.toMatchObject({ tokenId: id });
  });

  it("is for freelancers only", async () => {
    const client = await makeUser(prisma, "CLIENT");
    await expect(createTrackerToken(client, "Nope", at)).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("rate limits each token per minute with 429 and Retry-After", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const { token } = await createTrackerToken(freelancer, "Busy", at);
    for (let i = 0; i < LIMITS.trackerRequestsPerMinute; i++) await authenticateTrackerToken(`Bearer ${token}`, at);
    const error = await authenticateTrackerToken(`Bearer ${token}`, at).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "rate_limited", status: 429 });
    expect((error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBe(60);
    // the next minute is a new window
    await expect(authenticateTrackerToken(`Bearer ${token}`, new Date(at.getTime() + 60_000))).resolves.toBeTruthy();
  });

  it("offers the tracker only the owner's active contracts (R2.7)", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const stranger = await makeUser(prisma, "FREELANCER");
    const active = await makeContract(prisma, client, freelancer, { title: "Active one" });
    await makeContract(prisma, client, freelancer, { title: "Paused one", status: "PAUSED" });
    await makeContract(prisma, client, freelancer, { title: "Ended one", status: "ENDED" });
    await makeContract(prisma, client, stranger, { title: "Someone else's" });
    const { tokenId } = await authenticateTrackerToken(`Bearer ${(await createTrackerToken(freelancer, "t", at)).token}`, at);
    const profile = await getTrackerProfile({ userId: freelancer.id, tokenId });
    expect(profile.user.id).toBe(freelancer.id);
    expect(profile.contracts.map((c) => c.id)).toEqual([active.id]);
  });
});
