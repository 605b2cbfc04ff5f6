// The e2e state of e2e/billing/charges.spec.ts, made through the real services at the portal's clock (the
// e2e portal runs no worker): Bea, a client verified since May whose only card (the sandbox's 4000 0000 0000
// 0341) is declined at every charge, hires Fred from Mon 13 May 2024 ($40/h); he tracks 1 h with memos
// (protected) and 1 h without (unprotected) that week. The week is closed, charged and declined once.
// Choice: the week of 13 May, before the demo's contracts began (20 May), so the weekly charge made here is
// Bea's alone and no demo client is charged; it is written off only from 19 June, after the test's clock.
// Usage: tsx --conditions=react-server e2e/billing/charges-setup.ts (DATABASE_URL and the clock offset from the e2e env)
import { randomUUID } from "node:crypto";
import { now } from "../../lib/clock";
import { db } from "../../lib/db/client";
import { hashPassword } from "../../lib/auth/password";
import { DEMO_PASSWORD } from "../../lib/seed/demo-accounts";
import { closeWeek } from "../../lib/ledger/close-week";
import { createWeeklyCharges, processDueCharges } from "../../lib/client-billing/charges";
import { setNoticeSink } from "../../lib/realtime/notify";
import { addVerifiedCard } from "../../tests/support/billing-methods";

const BILLING_E2E = { client: "bea.billing@hourglass.test", freelancer: "fred.billing@hourglass.test", week: "2024-05-13" } as const;

const WEEK = new Date(`${BILLING_E2E.week}T00:00:00Z`);
const at = now();
const prisma = db();
setNoticeSink(() => undefined); // no realtime server for this process

const existing = await prisma.contract.findFirst({ where: { client: { email: BILLING_E2E.client } }, select: { id: true } });
let contractId = existing?.id;
if (!contractId) {
  if ((await prisma.invoice.count({ where: { weekStart: WEEK } })) > 0) throw new Error(`the week of ${BILLING_E2E.week} already has invoices: its charge would not be Bea's alone`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const since = new Date("2024-05-01T00:00:00Z");
  const user = (email: string, name: string, role: "CLIENT" | "FREELANCER") =>
    prisma.user.create({ data: { email, name, role, timezone: "UTC", passwordHash, createdAt: since, emailConfirmedAt: since } });
  const bea = await user(BILLING_E2E.client, "Bea Billing", "CLIENT");
  const fred = await user(BILLING_E2E.freelancer, "Fred Billing", "FREELANCER");
  await addVerifiedCard(prisma, bea.id, { number: "4000000000000341" });
  // verified before the week closed, so R5 protects Fred's time with memos
  await prisma.user.update({ where: { id: bea.id }, data: { paymentVerifiedAt: since } });
  contractId = randomUUID();
  await prisma.contract.create({
    data: {
      id: contractId, title: "Billing dashboard", clientId: bea.id, freelancerId: fred.id, createdById: bea.id, status: "ACTIVE",
      hourlyRateCents: 4000, weeklyPaymentCents: 0, startsAt: WEEK, createdAt: WEEK,
      limitChanges: { create: { limitMinutes: 40 * 60, requestedAt: WEEK, effectiveFrom: WEEK, requestedById: bea.id } },
      conversation: { create: { createdAt: WEEK } },
    },
  });
  const counts = Array.from({ length: 10 }, () => 5);
  const slots = Array.from({ length: 12 }, (_, i) => new Date(Date.parse("2024-05-14T09:00:00Z") + i * 600_000));
  for (const [i, slot] of slots.entries()) {
    const segment = await prisma.segment.create({
      data: { id: randomUUID(), contractId, slotStart: slot, kind: "TRACKED", memo: i < 6 ? "Charts for the billing page" : " ", keyboardCounts: counts, mouseCounts: counts, activityLevel: 10, contentHash: `e2e-billing-${i}`, createdAt: slot },
    });
    await prisma.screenshot.create({ data: { id: randomUUID(), segmentId: segment.id, takenAt: slot, storageKey: `e2e/${segment.id}.jpg`, thumbKey: `e2e/${segment.id}.webp`, width: 1, height: 1, bytes: 1, thumbBytes: 1, createdAt: slot } });
  }
  await closeWeek({ weekStart: WEEK, now: at });
  await createWeeklyCharges(WEEK, at);
  await processDueCharges(at);
}
const charge = await prisma.charge.findFirstOrThrow({ where: { client: { email: BILLING_E2E.client } } });
console.log(JSON.stringify({ contractId, chargeId: charge.id, referenceId: charge.referenceId, amountCents: charge.amountCents, status: charge.status }));
await prisma.$disconnect();
process.exit(0);
