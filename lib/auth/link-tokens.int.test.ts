import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { consumeLinkToken, issueLinkToken, peekLinkToken } from "./link-tokens";

const { prisma } = await setupTestDatabase();

describe("link tokens (R16.2)", () => {
  it("stores only a hash, gives back the email, user and data once, then answers 410 used", async () => {
    const user = await makeUser(prisma, "CLIENT");
    const token = await prisma.$transaction((tx) =>
      issueLinkToken(tx, { purpose: "password_reset", userId: user.id, email: user.email, ttlMs: 30 * 60_000, data: { why: "test" } }),
    );
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(256);
    const rows = await prisma.linkToken.findMany({ where: { userId: user.id } });
    expect(JSON.stringify(rows)).not.toContain(token);

    await expect(prisma.$transaction((tx) => peekLinkToken(tx, "password_reset", token))).resolves.toMatchObject({ email: user.email });
    const used = await prisma.$transaction((tx) => consumeLinkToken(tx, "password_reset", token));
    expect(used).toEqual({ id: rows[0]!.id, userId: user.id, email: user.email, data: { why: "test" } });
    await expect(prisma.$transaction((tx) => consumeLinkToken(tx, "password_reset", token))).rejects.toMatchObject({ code: "used", status: 410 });
  });

  it("answers 410 expired past its time and 404 for unknown tokens or another purpose", async () => {
    const token = await prisma.$transaction((tx) => issueLinkToken(tx, { purpose: "confirm_email", email: "late@example.test", ttlMs: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(prisma.$transaction((tx) => consumeLinkToken(tx, "confirm_email", token))).rejects.toMatchObject({ code: "expired", status: 410 });
    await expect(prisma.$transaction((tx) => consumeLinkToken(tx, "confirm_email", "nope"))).rejects.toMatchObject({ code: "not_found", status: 404 });
    const other = await prisma.$transaction((tx) => issueLinkToken(tx, { purpose: "invitation", email: "x@example.test", ttlMs: 60_000 }));
    await expect(prisma.$transaction((tx) => consumeLinkToken(tx, "password_reset", other))).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets only one of two concurrent uses through", async () => {
    const token = await prisma.$transaction((tx) => issueLinkToken(tx, { purpose: "invitation", email: "race@example.test", ttlMs: 60_000 }));
    const results = await Promise.allSettled([1, 2].map(() => prisma.$transaction((tx) => consumeLinkToken(tx, "invitation", token))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
