// Reports against a real PostgreSQL: Transaction History lines and running
// balances, filters, keyset pages over equal timestamps, the CSV export (same
// rows as every page of the table), the invoice page's statement, the overview,
// and access: each route 401 without a session, nobody else's reference ID.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => new Date("2024-06-12T15:00:00Z"), appMode: () => "test" }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { expectLedgerInvariants, fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } = await import("@/tests/support/ledger");
const { addVerifiedCard } = await import("@/tests/support/billing-methods");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { matureDueEarnings } = await import("@/lib/ledger/mature-earnings");
const { payBonus } = await import("@/lib/bonuses/pay-bonus");
const { withdraw } = await import("@/lib/payouts/withdraw");
const { bookTransfers } = await import("@/lib/ledger/book");
const { transaction } = await import("@/lib/ledger/db");
const { accountIdOf, clientAccount, ensureAccounts, freelancerAccount, freelancerAccountSpecs, clientAccountSpecs } = await import("@/lib/ledger/accounts");
const { readHistoryPage } = await import("@/lib/reports/list-transactions");
const { getStatement } = await import("@/lib/reports/statement");
const { accountsFor, VISIBLE_TRANSFER_TYPES } = await import("@/lib/reports/history-lines");
const { freelancerStateOfKind } = await import("@/lib/ledger/accounts");
type HistoryType = import("@/lib/validation/reports").HistoryType;
/** The expected CSV amount, written from the cents' digits (no floating point, and not csv.ts's own arithmetic): -600 -> "-6.00". */
const dollarsText = (cents: string | bigint) => {
  const digits = String(cents).replace("-", "").padStart(3, "0");
  return `${String(cents).startsWith("-") ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
const { getOverview } = await import("@/lib/reports/overview");
const { prisma } = await setupTestDatabase();

const transactionsRoute = await import("@/app/api/ledger/transactions/route");
const exportRoute = await import("@/app/api/ledger/transactions/export/route");
const transferRoute = await import("@/app/api/ledger/transfers/[referenceId]/route");

setNoticeSink(() => undefined);
const NOW = new Date("2024-06-12T15:00:00Z");
const WIDE = "from=2024-01-01";
const as = (user: CurrentUser | null) => (session.user = user);

interface Line { id: string; referenceId: string; type: string; amountCents: string; runningBalanceCents: string; status: string; contractId: string | null; createdAt: string; description: string }
interface Page { transactions: Line[]; nextCursor: string | null }
const getPage = async (query: string) => {
  const res = await transactionsRoute.GET(request(`/api/ledger/transactions?${query}`), noParams);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
async function allPages(query: string): Promise<Line[]> {
  const out: Line[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const page: Page = await getPage(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...page.transactions);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

// fiona works for clara ($60/h): 1 h in the week of 27 May (available by now), 2 h in the week of 3 June
// (in review); a $100 bonus on 5 June (available 10 June); $500 funded, $120 withdrawn by local bank
// ($0.99 fee); and seven adjustments booked at the very same instant (the keyset's tie-break).
const fiona = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
const otto = await makeUser(prisma, "FREELANCER", { name: "Otto" });
const clara = await makeUser(prisma, "CLIENT", { name: "Clara" });
const olga = await makeUser(prisma, "CLIENT", { name: "Olga" });
const contractId = await makeFixedContract(prisma, { name: "reports", clientId: clara.id, freelancerId: fiona.id, rateCents: 6000, limitHours: 40 });
const otherContract = await makeFixedContract(prisma, { name: "reports-other", clientId: olga.id, freelancerId: otto.id, rateCents: 5000, limitHours: 40 });
await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-05-28T09:00:00Z"), 6));
await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 12));
await makeFixedSegments(prisma, otherContract, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
await closeWeek({ weekStart: new Date("2024-05-27T00:00:00Z"), now: new Date("2024-06-03T12:00:00Z") });
await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
await prisma.user.update({ where: { id: clara.id }, data: { paymentVerifiedAt: new Date("2024-06-01T00:00:00Z") } }); // bonuses need it
await addVerifiedCard(prisma, clara.id); // R14.2 and a default billing method to charge them on
await payBonus(clara, { contractId, amountCents: 10_000, memo: "=HYPERLINK(\"x\") great work, thanks", idempotencyKey: "reports-bonus-1" }, new Date("2024-06-05T10:00:00Z"));
await matureDueEarnings(NOW);
const method = await fundAvailable(prisma, fiona.id, 50_000, new Date("2024-06-11T08:00:00Z"), "LOCAL_BANK");
const withdrawal = await withdraw(fiona, { amountCents: 12_000, methodId: method, idempotencyKey: "reports-withdrawal-1" }, new Date("2024-06-11T09:00:00Z"));
const TIE = new Date("2024-06-11T12:00:00Z");
{
  const ids = await ensureAccounts([...clientAccountSpecs(olga.id), ...freelancerAccountSpecs(fiona.id)]);
  await transaction((tx) =>
    bookTransfers(tx, Array.from({ length: 7 }, (_, k) => ({
      key: `reports-tie:${k}`, type: "ADJUSTMENT" as const, referenceId: `HG-TEST-TIE-${k}`, description: `Tie ${k}`, createdAt: TIE,
      entries: [{ accountId: ids.get(clientAccount(olga.id))!, amountCents: -(k + 1) }, { accountId: ids.get(freelancerAccount(fiona.id, "available"))!, amountCents: k + 1 }],
    }))),
  );
}

beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));

const total = async (userId: string) =>
  (await prisma.ledgerAccount.findMany({ where: { id: { in: (["in_review", "pending", "available", "held"] as const).map((s) => accountIdOf(freelancerAccount(userId, s))) } } }))
    .reduce((s, a) => s + a.balanceCents, 0n);

describe("Transaction History: lines and running balance", () => {
  it("shows a freelancer's earnings with their service fees, withdrawals and adjustments, newest first, each with its status", async () => {
    as(fiona);
    const lines = await allPages(`${WIDE}&limit=500`);
    const types = lines.map((l) => l.type);
    // 2 hourly invoices + bonus, each with a service fee line; funding + 7 ties; withdrawal + its fee
    expect(types.filter((t) => t === "HOURLY")).toHaveLength(2);
    expect(types.filter((t) => t === "SERVICE_FEE")).toHaveLength(3);
    expect(types.filter((t) => t === "BONUS")).toHaveLength(1);
    expect(types.filter((t) => t === "ADJUSTMENT")).toHaveLength(8);
    expect(types.filter((t) => t === "WITHDRAWAL" || t === "WITHDRAWAL_FEE")).toHaveLength(2);
    const hourly = lines.filter((l) => l.type === "HOURLY");
    // newest first: the week of 3 June (2 h = $120, in review), then the week of 27 May ($60, available)
    expect(hourly.map((l) => [l.amountCents, l.status])).toEqual([["12000", "in_review"], ["6000", "available"]]);
    expect(lines.find((l) => l.type === "BONUS")).toMatchObject({ amountCents: "10000", status: "available" });
    expect(lines.find((l) => l.type === "SERVICE_FEE" && l.referenceId === hourly[0]!.referenceId)).toMatchObject({ amountCents: "-1200", status: "in_review" });
    expect(lines.find((l) => l.type === "WITHDRAWAL")).toMatchObject({ referenceId: withdrawal.withdrawal.referenceId, amountCents: "-11901", status: "pending" });
    expect(lines.find((l) => l.type === "WITHDRAWAL_FEE")).toMatchObject({ amountCents: "-99" });
    // the newest line's balance is the balance now; each line's balance is the one below it plus its amount
    expect(lines[0]!.runningBalanceCents).toBe((await total(fiona.id)).toString());
    for (let i = 0; i + 1 < lines.length; i++) {
      expect(BigInt(lines[i]!.runningBalanceCents)).toBe(BigInt(lines[i + 1]!.runningBalanceCents) + BigInt(lines[i]!.amountCents));
    }
    expect(BigInt(lines.at(-1)!.runningBalanceCents)).toBe(BigInt(lines.at(-1)!.amountCents));
  });

  it("shows a client's charges with their client fees, and the total charged after each line", async () => {
    as(clara);
    const lines = await allPages(WIDE);
    expect(lines.map((l) => [l.type, l.amountCents])).toEqual([
      // R14.2 the bonus is charged when it is paid (R14.5: the client sees the charge)
      ["CLIENT_FEE", "-360"], ["HOURLY", "-12000"], ["CHARGE", "10300"], ["CLIENT_FEE", "-300"], ["BONUS", "-10000"], ["CLIENT_FEE", "-180"], ["HOURLY", "-6000"],
    ]);
    const charged = -(await prisma.ledgerAccount.findUniqueOrThrow({ where: { code: clientAccount(clara.id) } })).balanceCents;
    expect(lines[0]!.runningBalanceCents).toBe(charged.toString());
    expect(lines.at(-1)!.runningBalanceCents).toBe("6000");
    expect(lines.filter((l) => l.type === "HOURLY").map((l) => l.status)).toEqual(["in_review", "paid"]);
  });

  it("defaults to the last 30 days", async () => {
    as(fiona);
    const page = (await (await transactionsRoute.GET(request("/api/ledger/transactions"), noParams)).json()) as Page & { from: string; to: string | null };
    expect(page.from).toBe("2024-05-13T15:00:00.000Z");
    expect(page.to).toBeNull();
    expect(page.transactions.length).toBeGreaterThan(0);
  });
});

describe("Transaction History: filters", () => {
  it("filters by type, contract and date range, with the same running balances as the unfiltered view", async () => {
    as(fiona);
    const all = await allPages(WIDE);
    const balanceOf = new Map(all.map((l) => [l.id, l.runningBalanceCents]));
    const fees = await allPages(`${WIDE}&type=SERVICE_FEE`);
    expect(fees.map((l) => l.amountCents)).toEqual(["-1200", "-1000", "-600"]);
    for (const l of fees) expect(l.runningBalanceCents).toBe(balanceOf.get(l.id));
    expect((await allPages(`${WIDE}&type=CLIENT_FEE`))).toEqual([]);
    const byContract = await allPages(`${WIDE}&contract=${contractId}`);
    expect(new Set(byContract.map((l) => l.contractId))).toEqual(new Set([contractId]));
    expect(byContract).toHaveLength(6);
    // 4-10 June: the June invoice (booked 10 June), the bonus (5 June); not the May invoice (3 June) nor 11 June
    const range = await allPages("from=2024-06-04&to=2024-06-10");
    expect(range.map((l) => l.type)).toEqual(["SERVICE_FEE", "HOURLY", "SERVICE_FEE", "BONUS"]);
    for (const l of range) expect(l.runningBalanceCents).toBe(balanceOf.get(l.id));
    const instant = await allPages(`from=2024-06-11T12:00:00Z&to=2024-06-11T12:00:00.001Z`);
    expect(instant.map((l) => l.referenceId).sort()).toEqual(Array.from({ length: 7 }, (_, k) => `HG-TEST-TIE-${k}`));
  });

  it("answers 422 naming each bad filter", async () => {
    as(fiona);
    const bad = await transactionsRoute.GET(request("/api/ledger/transactions?from=yesterday&type=LOTTERY&contract=nope&limit=0"), noParams);
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields).sort()).toEqual(["contract", "from", "limit", "type"]);
    const backwards = await transactionsRoute.GET(request("/api/ledger/transactions?from=2024-06-10&to=2024-06-01"), noParams);
    expect(Object.keys(((await backwards.json()) as { error: { fields: object } }).error.fields)).toEqual(["to"]);
    const forged = await transactionsRoute.GET(request("/api/ledger/transactions?cursor=abc.def.ghi.jkl"), noParams);
    expect(forged.status).toBe(422);
    expect(Object.keys(((await forged.json()) as { error: { fields: object } }).error.fields)).toEqual(["cursor"]);
    expect((await exportRoute.GET(request("/api/ledger/transactions/export?type=LOTTERY"), noParams)).status).toBe(422);
  });
});

describe("Transaction History: keyset pages", () => {
  it("never skips or repeats a line, whatever the page size, even across seven entries at one instant", async () => {
    as(fiona);
    const whole = await allPages(`${WIDE}&limit=500`);
    for (const limit of [1, 2, 3, 7]) {
      const paged = await allPages(`${WIDE}&limit=${limit}`);
      expect(paged.map((l) => [l.id, l.runningBalanceCents])).toEqual(whole.map((l) => [l.id, l.runningBalanceCents]));
    }
    // the ties keep one order (entry id, newest first) and each has its own balance
    const ties = whole.filter((l) => l.referenceId.startsWith("HG-TEST-TIE-"));
    expect(ties.map((l) => l.referenceId)).toEqual(Array.from({ length: 7 }, (_, k) => `HG-TEST-TIE-${6 - k}`));
    expect(new Set(ties.map((l) => l.runningBalanceCents)).size).toBe(7);
  });

  it("a filtered view reads only the accounts its type lands on: every booked entry agrees", async () => {
    const rows = await prisma.$queryRaw<Array<{ type: string; kind: string }>>`
      SELECT DISTINCT t.type::text AS type, a.kind::text AS kind FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE a.kind IN ('FREELANCER_IN_REVIEW', 'FREELANCER_PENDING', 'FREELANCER_AVAILABLE', 'FREELANCER_HELD')
        AND t.type::text = ANY(${[...VISIBLE_TRANSFER_TYPES]}::text[])`;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      const type = r.type === "REVERSAL" ? "ADJUSTMENT" : (r.type as HistoryType);
      expect(accountsFor(type), `${r.type} on ${r.kind}`).toContain(freelancerStateOfKind(r.kind as never));
    }
  });

  it("ends with no cursor exactly at the last line, and a cursor works with a filter too", async () => {
    as(fiona);
    const all = await allPages(`${WIDE}&type=ADJUSTMENT&limit=500`);
    expect(all).toHaveLength(8);
    const first = await getPage(`${WIDE}&type=ADJUSTMENT&limit=8`);
    expect(first.transactions).toHaveLength(8);
    expect(first.nextCursor).toBeNull();
    const head = await getPage(`${WIDE}&type=ADJUSTMENT&limit=4`);
    const tail = await getPage(`${WIDE}&type=ADJUSTMENT&limit=4&cursor=${encodeURIComponent(head.nextCursor!)}`);
    expect([...head.transactions, ...tail.transactions]).toEqual(all);
    expect(tail.nextCursor).toBeNull();
  });

  it("reads the same lines through the service as through the route", async () => {
    const page = await readHistoryPage(fiona, { from: new Date("2024-01-01T00:00:00Z"), limit: 3 }, NOW);
    expect(page.lines.length).toBeGreaterThanOrEqual(3);
    expect(page.nextCursor).not.toBeNull();
  });
});

describe("CSV export", () => {
  it("streams the header and exactly the lines of every page of the filtered table", async () => {
    as(fiona);
    for (const query of [WIDE, `${WIDE}&type=SERVICE_FEE`, `from=2024-06-04&to=2024-06-11&contract=${contractId}`]) {
      const res = await exportRoute.GET(request(`/api/ledger/transactions/export?${query}`), noParams);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="hourglass-transactions-.*\.csv"$/);
      const rows = (await res.text()).split("\r\n").filter(Boolean);
      expect(rows[0]).toBe("Date (UTC),Reference ID,Type,Description,Contract,Amount (USD),Status,Balance (USD)");
      const lines = await allPages(`${query}&limit=2`);
      expect(rows.slice(1).map((r) => r.split(",")[1])).toEqual(lines.map((l) => l.referenceId));
      expect(rows.slice(1).map((r) => r.split(",").at(-1))).toEqual(lines.map((l) => dollarsText(l.runningBalanceCents)));
    }
  });

  it("defuses formulas in free text and is the client's own side for a client", async () => {
    as(clara);
    const text = await (await exportRoute.GET(request(`/api/ledger/transactions/export?${WIDE}&type=BONUS`), noParams)).text();
    const rows = text.split("\r\n").filter(Boolean);
    expect(rows[0]).toContain("Owed (USD)");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`"Bonus: Contract reports: =HYPERLINK(""x"") great work, thanks"`);
    expect(rows[1]).toContain(",-100.00,Paid,");
  });
});

describe("access", () => {
  it("every route is 401 without a session; the export is 403 for an admin", async () => {
    as(null);
    expect((await transactionsRoute.GET(request("/api/ledger/transactions"), noParams)).status).toBe(401);
    expect((await exportRoute.GET(request("/api/ledger/transactions/export"), noParams)).status).toBe(401);
    expect((await transferRoute.GET(request("/api/ledger/transfers/HG-X"), ctx({ referenceId: "HG-X" }))).status).toBe(401);
    as(await makeUser(prisma, "ADMIN"));
    expect((await exportRoute.GET(request("/api/ledger/transactions/export"), noParams)).status).toBe(403);
  });

  it("shows nobody else's lines, and another user's reference ID is 404 (route and invoice page)", async () => {
    as(otto);
    const mine = await allPages(WIDE);
    expect(mine.map((l) => l.type)).toEqual(["SERVICE_FEE", "HOURLY"]);
    expect(await allPages(`${WIDE}&contract=${contractId}`)).toEqual([]);
    as(fiona);
    const ref = (await allPages(`${WIDE}&type=HOURLY`))[0]!.referenceId;
    for (const [who, visible] of [[fiona, true], [clara, true], [otto, false], [olga, false]] as const) {
      as(who);
      expect((await transferRoute.GET(request(`/api/ledger/transfers/${ref}`), ctx({ referenceId: ref }))).status).toBe(visible ? 200 : 404);
      expect((await getStatement(who, ref, NOW)) !== null).toBe(visible);
    }
    expect(await getStatement(fiona, "HG-NOPE", NOW)).toBeNull();
    expect(await getStatement(otto, withdrawal.withdrawal.referenceId, NOW)).toBeNull();
  });
});

describe("invoice page and overview", () => {
  it("an invoice from each side: lines, fees, total as booked", async () => {
    as(fiona);
    const ref = (await allPages(`${WIDE}&type=HOURLY`))[0]!.referenceId;
    const f = (await getStatement(fiona, ref, NOW))!;
    expect(f).toMatchObject({ kind: "invoice", contractTitle: "Contract reports", clientName: "Clara", freelancerName: "Fiona", status: "In review" });
    expect(f.lines).toEqual([{ label: "Hourly: 2:00 h at $60.00/h", amountCents: "12000" }, { label: "Service fee", amountCents: "-1200" }]);
    expect(f.total.amountCents).toBe("10800");
    const c = (await getStatement(clara, ref, NOW))!;
    expect(c.lines).toEqual([{ label: "Hourly: 2:00 h at $60.00/h", amountCents: "-12000" }, { label: "Client fee", amountCents: "-360" }]);
    expect(c.total).toEqual({ label: "Total charged", amountCents: "-12360" });
    const w = (await getStatement(fiona, withdrawal.withdrawal.referenceId, NOW))!;
    expect(w).toMatchObject({ kind: "withdrawal", status: "Pending", total: { amountCents: "11901" } });
  });

  it("the overview: effective balances, weeks, hours, per-contract totals", async () => {
    const o = (await getOverview(fiona, NOW))!;
    expect(o).toMatchObject({ inReviewCents: "10800", pendingCents: "0" });
    expect(BigInt(o.availableCents)).toBe((await total(fiona.id)) - 10_800n);
    expect(o.weeks).toHaveLength(12);
    expect(o.weeks.at(-1)!.week).toBe("2024-06-10");
    expect(o.weeks.find((w) => w.week === "2024-06-03")).toMatchObject({ hourlyCents: 10_800, bonusCents: 9_000 });
    expect(o.weeks.find((w) => w.week === "2024-05-27")).toMatchObject({ hourlyCents: 5_400 });
    expect(o.hours.find((h) => h.week === "2024-06-03")!.minutes).toEqual({ [contractId]: 120 });
    expect(o.totals).toEqual([expect.objectContaining({ contractId, invoices: 2, hourlyCents: 16_200, bonuses: 1, bonusCents: 9_000, totalCents: 25_200 })]);
    const c = (await getOverview(clara, NOW))!;
    expect(c).toMatchObject({ viewer: "CLIENT", inReviewCents: "12360", yearCents: String(12_360 + 6_180 + 10_300) });
    expect(c.invoices.map((i) => i.amountCents)).toEqual([12_360, 6_180]);
    expect(await getOverview(otto, NOW)).toMatchObject({ totals: [expect.objectContaining({ contractId: otherContract })] });
  });
});
