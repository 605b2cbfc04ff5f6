import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeUser } from "@/tests/support/factories";
import { enqueueEmail } from "./outbox";

const { prisma } = await setupTestDatabase();
const mail = { kind: "account", subject: "Confirm your email", text: "text", html: "<p>html</p>" };

describe("enqueueEmail", () => {
  it("queues the email in the caller's transaction, pending and due now", async () => {
    const user = await makeUser(prisma, "CLIENT");
    await prisma.$transaction(async (tx) => enqueueEmail(tx, { ...mail, to: user.email, userId: user.id }));
    const rows = await prisma.emailOutbox.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ toAddress: user.email, kind: "account", subject: "Confirm your email", textBody: "text", htmlBody: "<p>html</p>", status: "pending", attempts: 0 });
  });

  it("queues nothing when the caller's transaction rolls back", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueEmail(tx, { ...mail, to: "rolled-back@example.test" });
        throw new Error("the caller failed after queueing");
      }),
    ).rejects.toThrow("the caller failed");
    expect(await prisma.emailOutbox.count({ where: { toAddress: "rolled-back@example.test" } })).toBe(0);
  });

  it("queues one email per dedupe key, however often the caller runs", async () => {
    for (let i = 0; i < 3; i++) await prisma.$transaction(async (tx) => enqueueEmail(tx, { ...mail, to: "digest@example.test", dedupeKey: "messages_unread:u1:w1" }));
    expect(await prisma.emailOutbox.count({ where: { toAddress: "digest@example.test" } })).toBe(1);
  });
});
