// R14.1 an admin verifies a client's payment by hand only with a reason, kept on the user and in the
// audit entry; unverifying leaves a client with a verified billing method verified.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { addVerifiedCard } from "../../tests/support/billing-methods";
import { updateUser } from "./update-user";
import { removeBillingMethod } from "../client-billing/methods";

const { prisma } = await setupTestDatabase();
const NOW = new Date("2024-06-12T08:00:00Z");
const userRow = (id: string) => prisma.user.findUniqueOrThrow({ where: { id } });

describe("manual payment verification (R14.1)", () => {
  it("needs a non-empty reason; without one nothing changes and nothing is audited", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const client = await makeUser(prisma, "CLIENT");
    for (const reason of [undefined, "", "   "]) {
      await expect(updateUser(admin, client.id, { paymentVerified: true, reason }, NOW)).rejects.toMatchObject({ status: 422, details: { fields: { reason: expect.stringContaining("reason") } } });
    }
    expect((await userRow(client.id)).paymentVerifiedAt).toBeNull();
    expect(await prisma.auditLog.count({ where: { entityId: client.id } })).toBe(0);
  });

  it("stores the reason on the user and in the audit entry, and it survives removing billing methods", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const client = await makeUser(prisma, "CLIENT");
    await updateUser(admin, client.id, { paymentVerified: true, reason: "  Wire transfer of $5,000 received (ref 88231)  " }, NOW);
    expect(await userRow(client.id)).toMatchObject({ paymentVerifiedAt: NOW, paymentVerificationNote: "Wire transfer of $5,000 received (ref 88231)" });
    const [entry] = await prisma.auditLog.findMany({ where: { entityId: client.id } });
    expect(entry).toMatchObject({
      action: "user.updated", actorId: admin.id,
      before: expect.objectContaining({ paymentVerified: false, paymentVerificationNote: null }),
      after: expect.objectContaining({ paymentVerified: true, paymentVerificationNote: "Wire transfer of $5,000 received (ref 88231)" }),
    });
    const card = await addVerifiedCard(prisma, client.id);
    await removeBillingMethod({ ...client }, card.id, undefined, NOW);
    expect((await userRow(client.id)).paymentVerifiedAt).toEqual(NOW);
  });

  it("unverifying ends a manual verification, but a client holding a verified method stays verified", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const manual = await makeUser(prisma, "CLIENT");
    await updateUser(admin, manual.id, { paymentVerified: true, reason: "Known customer" }, NOW);
    await updateUser(admin, manual.id, { paymentVerified: false }, NOW);
    expect(await userRow(manual.id)).toMatchObject({ paymentVerifiedAt: null, paymentVerificationNote: null });

    const withCard = await makeUser(prisma, "CLIENT");
    await addVerifiedCard(prisma, withCard.id);
    await updateUser(admin, withCard.id, { paymentVerified: false }, NOW);
    expect((await userRow(withCard.id)).paymentVerifiedAt).not.toBeNull();
    const entries = await prisma.auditLog.findMany({ where: { entityId: withCard.id } });
    expect(entries[0]?.after).toMatchObject({ paymentVerified: true });
  });
});
