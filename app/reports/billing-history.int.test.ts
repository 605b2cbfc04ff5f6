// R14.5 Transaction History of client billing against a real PostgreSQL, through the real weekly close,
// charge job, sandbox provider and "pay now": a client sees a failed attempt (no amount moved), then the
// charge once (as the amount paid, by its card) and what they owe back at 0; a freelancer sees the hold
// and the release of their own contract's unprotected earnings, and their reversal at a write-off; the
// other party's card never reaches a freelancer; keyset pages walk the attempt lines too.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";

vi.mock("@/lib/clock", () => ({ now: () => new Date("2024-06-12T15:00:00Z"), appMode: () => "test" }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { expectLedgerInvariants, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } = await import("@/tests/support/ledger");
const { addVerifiedCard } = await import("@/tests/support/billing-methods");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { createWeeklyCharges, processDueCharges } = await import("@/lib/client-billing/charges");
const { payChargeNow } = await import("@/lib/client-billing/charge-views");
const { readHistoryPage } = await import("@/lib/reports/list-transactions");
const { historyCsv } = await import("@/lib/reports/export-csv");
const { getStatement } = await import("@/lib/reports/statement");
const { getOverview } = await import("@/lib/reports/overview");
const { clientBillingStatus } = await import("@/lib/client-billing/charge-views");
const { ContractBillingStatus } = await import("@/components/billing/contract-billing-status");
const { renderToStaticMarkup } = await import("react-dom/server");
const { createElement } = await import("react");
const { prisma } = await setupTestDatabase();

type Line = Awaited<ReturnType<typeof readHistoryPage>>["lines"][number];

const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const FROM = new Date("2024-05-01T00:00:00Z");
const user = (u: Awaited<ReturnType<typeof makeFixedUser>>): CurrentUser => u;

async function history(viewer: CurrentUser, at: Date, opts: { limit?: number } = {}): Promise<Line[]> {
  const out: Line[] = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const page = await readHistoryPage(viewer, { from: FROM, limit: opts.limit ?? 500, cursor }, at);
    out.push(...page.lines);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

// clara (verified since January, so R5 can protect her week) hires fiona ($60/h: 1 h protected, 1 h without a
// memo, so unprotected) and otto ($50/h, 1 h at activity 0, unprotected); her card is declined at every charge.
// wanda's card too, and she never pays walt: her week is written off at close + 30 days.
const clara = user(await makeFixedUser(prisma, "clara", "CLIENT", { verified: true }));
const fiona = user(await makeFixedUser(prisma, "fiona", "FREELANCER"));
const otto = user(await makeFixedUser(prisma, "otto", "FREELANCER"));
const wanda = user(await makeFixedUser(prisma, "wanda", "CLIENT", { verified: true }));
const walt = user(await makeFixedUser(prisma, "walt", "FREELANCER"));
const fionaContract = await makeFixedContract(prisma, { name: "fiona", clientId: clara.id, freelancerId: fiona.id, rateCents: 6000, limitHours: 40 });
const ottoContract = await makeFixedContract(prisma, { name: "otto", clientId: clara.id, freelancerId: otto.id, rateCents: 5000, limitHours: 40 });
const waltContract = await makeFixedContract(prisma, { name: "walt", clientId: wanda.id, freelancerId: walt.id, rateCents: 4000, limitHours: 40 });
await makeFixedSegments(prisma, fionaContract, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
await makeFixedSegments(prisma, fionaContract, slotsFrom(new Date("2024-06-05T09:00:00Z"), 6), { memo: " " });
await makeFixedSegments(prisma, ottoContract, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6), { activityLevel: 0 });
await makeFixedSegments(prisma, waltContract, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6), { memo: " " });
await addVerifiedCard(prisma, clara.id, { number: "4000000000000341" });
await addVerifiedCard(prisma, wanda.id, { number: "4000000000000341" });
// addVerifiedCard stamps the verification with today's date; these clients were verified in January
await prisma.user.updateMany({ where: { id: { in: [clara.id, wanda.id] } }, data: { paymentVerifiedAt: new Date("2024-01-01T00:00:00Z") } });

await closeWeek({ weekStart: WEEK, now: CLOSE });
await createWeeklyCharges(WEEK, CLOSE);
await processDueCharges(CLOSE);
const claraCharge = await prisma.charge.findFirstOrThrow({ where: { clientId: clara.id } });
const wandaCharge = await prisma.charge.findFirstOrThrow({ where: { clientId: wanda.id } });
const fionaHold = await prisma.chargeHold.findFirstOrThrow({ where: { invoice: { contractId: fionaContract } } });
const ottoHold = await prisma.chargeHold.findFirstOrThrow({ where: { invoice: { contractId: ottoContract } } });

beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));

describe("R14.5 an unpaid week in Transaction History", () => {
  it("shows the client the failed attempt, moving nothing, with the provider's message and the card", async () => {
    expect(claraCharge.status).toBe("FAILED");
    const lines = await history(clara, new Date("2024-06-10T13:00:00Z"));
    const failed = lines.filter((l) => l.type === "FAILED_CHARGE");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ referenceId: claraCharge.referenceId, amountCents: "0", status: "failed", description: "Charge attempt failed: The card was declined by its bank. (Visa •••• 0341)" });
    // what she owes after the newest line is the whole charge; the attempt line changes nothing
    expect(lines[0]!.runningBalanceCents).toBe(String(claraCharge.amountCents));
    expect(failed[0]!.runningBalanceCents).toBe(String(claraCharge.amountCents));
    expect(lines.some((l) => l.type === "CHARGE")).toBe(false);
  });

  it("shows each freelancer the hold of their own contract only, without the client's card", async () => {
    expect(fionaHold.heldNetCents).toBeGreaterThan(0);
    expect(fionaHold.protectedNetCents).toBeGreaterThan(0);
    const fionas = await history(fiona, new Date("2024-06-10T13:00:00Z"));
    const holds = fionas.filter((l) => l.type === "PAYMENT_HOLD");
    expect(holds).toHaveLength(1);
    expect(holds[0]!.amountCents).toBe("0");
    expect(holds[0]!.description).toMatch(/^Held: client payment failed for Contract fiona, week of 2024-06-03 \(\$\d+\.\d\d waits for the client's payment\)$/);
    expect(holds[0]!.description).toContain(`$${(fionaHold.heldNetCents / 100).toFixed(2)}`);
    // the hold moves money between her states: the balance after it is the balance before it
    const i = fionas.indexOf(holds[0]!);
    expect(holds[0]!.runningBalanceCents).toBe(fionas[i + 1]!.runningBalanceCents);
    expect(fionas.filter((l) => l.type === "CHARGE" || l.type === "FAILED_CHARGE")).toEqual([]);
    expect(JSON.stringify(fionas)).not.toMatch(/••••|0341|Contract otto/);
    const ottos = await history(otto, new Date("2024-06-10T13:00:00Z"));
    expect(ottos.filter((l) => l.type === "PAYMENT_HOLD").map((l) => l.contractId)).toEqual([ottoContract]);
    expect(ottos.find((l) => l.type === "PAYMENT_HOLD")!.description).toContain(`$${(ottoHold.heldNetCents / 100).toFixed(2)}`);
  });

  it("tells a freelancer, on their contract, the week is unpaid with their own protected and waiting figures only", async () => {
    const at = new Date("2024-06-10T13:00:00Z");
    const status = await clientBillingStatus(clara.id, at, { contractId: fionaContract });
    expect(status).toMatchObject({ paymentVerified: true, pastDue: false });
    expect(status.unpaidWeeks).toEqual([expect.objectContaining({ weekStart: WEEK.toISOString(), protectedNetCents: fionaHold.protectedNetCents, heldNetCents: fionaHold.heldNetCents })]);
    const html = renderToStaticMarkup(createElement(ContractBillingStatus, { status }));
    expect(html).toContain("Week of 2024-06-03 unpaid");
    expect(html).toContain(`$${(fionaHold.protectedNetCents / 100).toFixed(2)} protected`);
    expect(html).toContain(`$${(fionaHold.heldNetCents / 100).toFixed(2)} waiting`);
    expect(html).not.toContain(`$${(ottoHold.heldNetCents / 100).toFixed(2)}`);
    expect(html).not.toMatch(/••••|0341|Visa/);
  });

  it("walks the attempt lines in keyset pages exactly as one page shows them", async () => {
    const at = new Date("2024-06-10T13:00:00Z");
    const whole = await history(clara, at);
    expect(await history(clara, at, { limit: 1 })).toEqual(whole);
    // with the type filter only the attempts are read
    const onlyFailed = await readHistoryPage(clara, { from: FROM, limit: 50, type: "FAILED_CHARGE" }, at);
    expect(onlyFailed.lines.map((l) => l.id)).toEqual(whole.filter((l) => l.type === "FAILED_CHARGE").map((l) => l.id));
  });
});

describe("R14.5 the client pays", () => {
  it("shows the charge once, as the amount paid by the new card, and what she owes back at 0; the freelancer sees the release", async () => {
    await addVerifiedCard(prisma, clara.id, { number: "4242424242424242" });
    const paidAt = new Date("2024-06-11T09:00:00Z");
    const view = await payChargeNow(clara, claraCharge.id, paidAt);
    expect(view.status).toBe("SUCCEEDED");
    const lines = await history(clara, new Date("2024-06-11T10:00:00Z"));
    const charges = lines.filter((l) => l.type === "CHARGE");
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      referenceId: claraCharge.referenceId, amountCents: String(claraCharge.amountCents), status: "paid", runningBalanceCents: "0",
      description: `Charge ${claraCharge.referenceId} paid by Visa •••• 4242: week of 2024-06-03`,
    });
    expect(lines.filter((l) => l.type === "FAILED_CHARGE")).toHaveLength(1);

    const fionas = await history(fiona, new Date("2024-06-11T10:00:00Z"));
    const release = fionas.find((l) => l.type === "PAYMENT_HOLD" && l.description.startsWith("Released"));
    expect(release).toMatchObject({ amountCents: "0", status: "in_review" });
    expect(release!.description).toBe(`Released: client paid for Contract fiona, week of 2024-06-03 ($${(fionaHold.heldNetCents / 100).toFixed(2)})`);
    expect(JSON.stringify(fionas)).not.toMatch(/••••|4242/);

    const overview = (await getOverview(clara, new Date("2024-06-11T10:00:00Z")))!;
    expect(overview.owedCents).toBe("0");
    // what she was charged this year is the invoices, not the invoices and the payment
    expect(overview.yearCents).toBe(String(claraCharge.amountCents));
  });

  it("gives the client a page for the charge, and nobody else", async () => {
    const s = await getStatement(clara, claraCharge.referenceId, new Date("2024-06-11T10:00:00Z"));
    expect(s).toMatchObject({ kind: "charge", status: "Paid", total: { label: "Paid by Visa •••• 4242", amountCents: String(claraCharge.amountCents) } });
    expect(s!.lines).toHaveLength(2);
    expect(s!.notes).toEqual([expect.stringContaining("Attempt 1"), expect.stringContaining("Attempt 2")]);
    expect(await getStatement(fiona, claraCharge.referenceId, new Date("2024-06-11T10:00:00Z"))).toBeNull();
    expect(await getStatement(wanda, claraCharge.referenceId, new Date("2024-06-11T10:00:00Z"))).toBeNull();
  });

  it("exports the same lines, with what the client owes as the running column", async () => {
    const csv = historyCsv(clara, { from: FROM }, new Date("2024-06-11T10:00:00Z"))!;
    const text = await new Response(csv.body).text();
    const rows = text.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("Date (UTC),Reference ID,Type,Description,Contract,Amount (USD),Status,Owed (USD)");
    expect(rows.filter((r) => r.includes(",Failed charge,Charge attempt failed: The card was declined by its bank. (Visa •••• 0341),,0.00,Failed,"))).toHaveLength(1);
    expect(rows[1]).toMatch(/,Charge,.*,Paid,0\.00$/);
  });
});

describe("R14.4 / R14.5 a write-off at close + 30 days", () => {
  it("reverses exactly the held unprotected earnings for the freelancer, and settles what the client owed", async () => {
    for (const at of ["2024-06-11T12:00:00Z", "2024-06-13T12:00:00Z", "2024-07-10T12:00:00Z"]) await processDueCharges(new Date(at));
    expect((await prisma.charge.findUniqueOrThrow({ where: { id: wandaCharge.id } })).status).toBe("WRITTEN_OFF");
    const hold = await prisma.chargeHold.findFirstOrThrow({ where: { chargeId: wandaCharge.id } });
    const at = new Date("2024-07-10T13:00:00Z");
    const walts = await history(walt, at);
    const reversed = walts.filter((l) => l.type === "WRITE_OFF");
    expect(reversed).toHaveLength(1);
    expect(reversed[0]).toMatchObject({ amountCents: String(-hold.heldNetCents), status: "failed", description: "Reversed: client never paid (unprotected time), Contract walt, week of 2024-06-03" });
    expect(walts.filter((l) => l.type === "PAYMENT_HOLD").map((l) => l.description.slice(0, 5))).toEqual(["Held:"]);

    const wandas = await history(wanda, at);
    expect(wandas.filter((l) => l.type === "FAILED_CHARGE")).toHaveLength(3);
    const writeOffs = wandas.filter((l) => l.type === "WRITE_OFF");
    expect(writeOffs.length).toBeGreaterThanOrEqual(1);
    expect(writeOffs.every((l) => l.description.startsWith(`Written off ${wandaCharge.referenceId}`))).toBe(true);
    expect(writeOffs.reduce((s, l) => s + BigInt(l.amountCents), 0n)).toBe(BigInt(wandaCharge.amountCents));
    expect(wandas[0]!.runningBalanceCents).toBe("0");
    expect(JSON.stringify(walts)).not.toMatch(/••••|0341/);
  });
});
