// A NUL byte in any free text is refused by validation (lib/validation/text.ts): 422 naming the
// field, through each field's real route, and nothing is stored. Before, it reached PostgreSQL
// (whose text columns cannot hold U+0000) and answered 500.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
const NOW = vi.hoisted(() => new Date("2024-06-11T10:00:00Z"));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(NOW) }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } = await import("@/tests/support/ledger");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { createTrackerToken } = await import("@/lib/tracker-tokens/create-tracker-token");
const { NUL_MESSAGE } = await import("@/lib/validation/text");
const { prisma } = await setupTestDatabase();

const routes = {
  contracts: await import("@/app/api/contracts/route"),
  rehire: await import("@/app/api/contracts/[id]/rehire/route"),
  bonuses: await import("@/app/api/bonuses/route"),
  disputes: await import("@/app/api/disputes/route"),
  manualTime: await import("@/app/api/diary/[contractId]/manual-time/route"),
  messages: await import("@/app/api/conversations/[conversationId]/messages/route"),
  tokens: await import("@/app/api/settings/tracker-tokens/route"),
  payoutMethods: await import("@/app/api/payout-methods/route"),
  withdrawals: await import("@/app/api/withdrawals/route"),
  transactions: await import("@/app/api/ledger/transactions/route"),
  transfer: await import("@/app/api/ledger/transfers/[referenceId]/route"),
  trackerSegments: await import("@/app/api/tracker/v1/segments/route"),
};

const NUL = "\u0000";

let client: CurrentUser;
let freelancer: CurrentUser;
let contractId: string;
let conversationId: string;
let segments: string[];
let token: string;

beforeAll(async () => {
  setNoticeSink(() => undefined);
  client = await makeFixedUser(prisma, "nul-client", "CLIENT", { verified: true });
  freelancer = await makeFixedUser(prisma, "nul-freelancer", "FREELANCER");
  contractId = await makeFixedContract(prisma, { name: "nul", clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
  await prisma.contract.update({ where: { id: contractId }, data: { manualTimeAllowed: true } });
  conversationId = (await prisma.conversation.create({ data: { contractId } })).id;
  segments = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 3));
  await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
  token = (await createTrackerToken(freelancer, "Laptop", NOW)).token;
});

/** A tracker upload whose JSON part carries `memo`; the fields are checked before the screenshot. */
function trackerUpload(memo: string): NextRequest {
  const form = new FormData();
  form.append("segment", JSON.stringify({
    segmentId: "0f8e2b4c-1d3a-4e5f-8a6b-7c9d0e1f2a3b", contractId, slotStart: "2024-06-11T09:00:00Z", screenshotTakenAt: "2024-06-11T09:04:00Z",
    keyboardCounts: Array(10).fill(3), mouseCounts: Array(10).fill(3), memo,
  }));
  form.append("screenshot", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "shot.jpg");
  return new NextRequest("http://portal.test/api/tracker/v1/segments", { method: "POST", headers: { host: "portal.test", authorization: `Bearer ${token}` }, body: form });
}

const ach = { kind: "ACH", label: "Checking", accountHolder: "Fiona Free", routingNumber: "011000015", accountNumber: "123456789" };

/** [what, who sends it, the request (the NUL in `s`), the field the 422 names] */
const CASES: Array<[string, () => CurrentUser, (s: string) => Promise<Response>, string]> = [
  ["contract title", () => client, (s) => routes.contracts.POST(request("/api/contracts", { method: "POST", json: { title: `Web${s}site`, freelancerEmail: freelancer.email, hourlyRateCents: 3000, weeklyLimitHours: 10 } }), noParams), "title"],
  ["freelancer email", () => client, (s) => routes.contracts.POST(request("/api/contracts", { method: "POST", json: { title: "Website", freelancerEmail: `${s}${freelancer.email}`, hourlyRateCents: 3000, weeklyLimitHours: 10 } }), noParams), "freelancerEmail"],
  ["rehire title", () => client, (s) => routes.rehire.POST(request(`/api/contracts/${contractId}/rehire`, { method: "POST", json: { title: `Again${s}`, hourlyRateCents: 3000, weeklyLimitHours: 10 } }), ctx({ id: contractId })), "title"],
  ["bonus memo", () => client, (s) => routes.bonuses.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 1000, memo: `Thanks${s}` }, headers: { "idempotency-key": "nul-bonus-0001" } }), noParams), "memo"],
  ["bonus idempotency key", () => client, (s) => routes.bonuses.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 1000, memo: "Thanks", idempotencyKey: `key-${s}-0002` } }), noParams), "idempotencyKey"],
  ["dispute reason", () => client, (s) => routes.disputes.POST(request("/api/disputes", { method: "POST", json: { contractId, weekStart: "2024-06-03", segmentIds: segments.slice(0, 1), reason: `Not our project${s}, sorry` } }), noParams), "reason"],
  ["manual time memo", () => freelancer, (s) => routes.manualTime.POST(request(`/api/diary/${contractId}/manual-time`, { method: "POST", json: { slotStarts: ["2024-06-11T08:00:00Z"], memo: `Call${s}` } }), ctx({ contractId })), "memo"],
  ["message body", () => client, (s) => routes.messages.POST(request(`/api/conversations/${conversationId}/messages`, { method: "POST", json: { body: `Hello${s}`, clientId: "nul-message-1" } }), ctx({ conversationId })), "body"],
  ["message history cursor", () => client, (s) => routes.messages.GET(request(`/api/conversations/${conversationId}/messages?cursor=${encodeURIComponent(`c${s}`)}`), ctx({ conversationId })), "cursor"],
  ["tracker token name", () => freelancer, (s) => routes.tokens.POST(request("/api/settings/tracker-tokens", { method: "POST", json: { name: `Laptop${s}` } }), noParams), "name"],
  ["payout method label", () => freelancer, (s) => routes.payoutMethods.POST(request("/api/payout-methods", { method: "POST", json: { ...ach, label: `Checking${s}` } }), noParams), "label"],
  ["payout account holder", () => freelancer, (s) => routes.payoutMethods.POST(request("/api/payout-methods", { method: "POST", json: { ...ach, accountHolder: `Fiona${s}` } }), noParams), "accountHolder"],
  ["withdrawal idempotency key", () => freelancer, (s) => routes.withdrawals.POST(request("/api/withdrawals", { method: "POST", json: { amountCents: 1000, methodId: contractId, password: "x", idempotencyKey: `withdraw-${s}-01` } }), noParams), "idempotencyKey"],
  ["withdrawal password", () => freelancer, (s) => routes.withdrawals.POST(request("/api/withdrawals", { method: "POST", json: { amountCents: 1000, methodId: contractId, password: `pass${s}`, idempotencyKey: "withdraw-nul-02" } }), noParams), "password"],
  ["transaction history cursor", () => client, (s) => routes.transactions.GET(request(`/api/ledger/transactions?cursor=${encodeURIComponent(`c${s}`)}`), noParams), "cursor"],
  ["transaction history date", () => client, (s) => routes.transactions.GET(request(`/api/ledger/transactions?from=${encodeURIComponent(`2024-06-01${s}`)}`), noParams), "from"],
  ["transfer reference ID (path)", () => client, (s) => routes.transfer.GET(request(`/api/ledger/transfers/${encodeURIComponent(`HG-INV-${s}`)}`), ctx({ referenceId: `HG-INV-${s}` })), "referenceId"],
  ["tracker segment memo", () => freelancer, (s) => routes.trackerSegments.POST(trackerUpload(`Coding${s}`), noParams), "memo"],
];

const rows = async () => {
  const [r] = await prisma.$queryRaw<Array<{ n: string }>>`
    SELECT ((SELECT count(*) FROM contracts) + (SELECT count(*) FROM bonuses) + (SELECT count(*) FROM disputes) + (SELECT count(*) FROM segments)
      + (SELECT count(*) FROM messages) + (SELECT count(*) FROM tracker_tokens) + (SELECT count(*) FROM payout_methods) + (SELECT count(*) FROM withdrawals)
      + (SELECT count(*) FROM ledger_transfers))::text AS n`;
  return r!.n;
};

describe("a NUL byte in free text", () => {
  it.each(CASES)("%s: 422 naming the field, nothing stored", async (_what, who, send, field) => {
    const before = await rows();
    session.user = who();
    const res = await send(NUL);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields?.[field]).toBe(NUL_MESSAGE);
    expect(await rows()).toBe(before);
  });
});
