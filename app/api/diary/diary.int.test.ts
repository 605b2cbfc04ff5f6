// The Work Diary's routes on a real PostgreSQL, called as Next calls them: the day (classes,
// totals, zones, disputes, permissions), deleting segments, adding manual time, and what each
// role and an outsider get. The clock is fixed at Wed 12 June 2024 15:05 UTC, so the week of
// 10 June is editable and the week of 3 June is in its review window.
import PusherJs from "pusher-js";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { DiaryDay, DeleteSegmentsResult } from "@/lib/diary/types";
import { packDiaryDay, unpackDiaryDay } from "@/lib/diary/packed-day";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => new Date("2024-06-12T15:05:00Z") }));

const { createRealtimeServer } = await import("@/realtime/server");
const realtime = await createRealtimeServer({ port: 0, apps: [{ id: "diary-test", key: "diary-key", secret: "diary-secret" }] });
Object.assign(process.env, { PUSHER_APP_ID: "diary-test", PUSHER_KEY: "diary-key", PUSHER_SECRET: "diary-secret", REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(realtime.port) });
delete process.env.PUSHER_CLUSTER;
afterAll(() => realtime.close());

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeContract, makeUser } = await import("@/tests/support/factories");
const { authorizeChannel } = await import("@/lib/contracts/authorize-channel");
const { channels } = await import("@/lib/realtime/client/events");
const dayRoute = await import("@/app/api/diary/[contractId]/days/[day]/route");
const segmentsRoute = await import("@/app/api/diary/[contractId]/segments/route");
const manualRoute = await import("@/app/api/diary/[contractId]/manual-time/route");
const { prisma } = await setupTestDatabase();

const as = (user: CurrentUser | null) => (session.user = user);

const client = await makeUser(prisma, "CLIENT", { name: "Cleo Client" });
const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fred Freelancer" });
const outsider = await makeUser(prisma, "CLIENT", { name: "Olga Outsider" });
const outsiderFreelancer = await makeUser(prisma, "FREELANCER", { name: "Otto Outsider" });
const admin = await makeUser(prisma, "ADMIN");
await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: new Date("2024-05-01T00:00:00Z"), timezone: "America/New_York" } });
await prisma.user.update({ where: { id: freelancer.id }, data: { timezone: "Asia/Karachi" } });
client.timezone = "America/New_York";
freelancer.timezone = "Asia/Karachi";

const contract = await makeContract(prisma, client, freelancer, { title: "Diary contract" });
await prisma.contract.update({ where: { id: contract.id }, data: { manualTimeAllowed: true } });
await prisma.weeklyLimitChange.create({
  data: { contractId: contract.id, limitMinutes: 60, requestedAt: new Date("2024-05-01T00:00:00Z"), effectiveFrom: new Date("2024-05-01T00:00:00Z"), requestedById: client.id },
});
const otherContract = await makeContract(prisma, outsider, outsiderFreelancer, { title: "Someone else's" });

let n = 0;
async function segment(contractId: string, slotIso: string, opts: { manual?: boolean; level?: number; memo?: string } = {}) {
  const id = crypto.randomUUID();
  const level = opts.level ?? 8;
  const counts = Array.from({ length: 10 }, (_, k) => (k < level ? 5 : 0));
  await prisma.segment.create({
    data: {
      id,
      contractId,
      slotStart: new Date(slotIso),
      kind: opts.manual ? "MANUAL" : "TRACKED",
      memo: opts.memo ?? "Building the login screen",
      keyboardCounts: opts.manual ? [] : counts,
      mouseCounts: opts.manual ? [] : counts,
      activityLevel: opts.manual ? 0 : level,
      contentHash: `hash-${n++}`,
      ...(opts.manual ? {} : { screenshot: { create: { takenAt: new Date(Date.parse(slotIso) + 60_000), storageKey: `k/${id}.jpg`, thumbKey: `k/${id}.webp`, width: 1280, height: 800, bytes: 1000, thumbBytes: 100 } } }),
    },
  });
  return id;
}

// Monday 10 June, 04:00-05:10 UTC: 8 slots against a 1 h limit, so the last two are over limit.
const monday: string[] = [];
for (let k = 0; k < 8; k++) monday.push(await segment(contract.id, new Date(Date.parse("2024-06-10T04:00:00Z") + k * 600_000).toISOString(), { level: k === 1 ? 2 : 8 }));
// Last week (in review): two billed segments, the second under an open dispute.
const lastWeek = [await segment(contract.id, "2024-06-05T09:00:00Z"), await segment(contract.id, "2024-06-05T09:10:00Z", { memo: "" })];
// ...and five more, so the last of the week's seven is over its 1 h limit (never billed, so not disputable).
for (let k = 0; k < 5; k++) lastWeek.push(await segment(contract.id, new Date(Date.parse("2024-06-05T10:00:00Z") + k * 600_000).toISOString()));
const invoice = await prisma.invoice.create({
  data: {
    referenceId: "INV-DIARY-1", contractId: contract.id, weekStart: new Date("2024-06-03T00:00:00Z"), billedMinutes: 20, overLimitMinutes: 0, hourlyRateCents: 2500,
    hourlyAmountCents: 833, weeklyPaymentCents: 0, clientFeeCents: 25, serviceFeeCents: 83, totalChargedCents: 858, closedAt: new Date("2024-06-10T12:00:00Z"),
  },
});
const foreign = await segment(otherContract.id, "2024-06-10T04:00:00Z");

async function getDay(user: CurrentUser, day: string, tz = "utc", contractId = contract.id): Promise<Response> {
  as(user);
  return dayRoute.GET(request(`/api/diary/${contractId}/days/${day}?tz=${tz}`), ctx({ contractId, day }));
}
async function day(user: CurrentUser, d: string, tz = "utc"): Promise<DiaryDay> {
  const res = await getDay(user, d, tz);
  expect(res.status).toBe(200);
  return (await res.json()) as DiaryDay;
}
const deleteAs = (user: CurrentUser, segmentIds: string[], contractId = contract.id) => {
  as(user);
  return segmentsRoute.DELETE(request(`/api/diary/${contractId}/segments`, { method: "DELETE", json: { segmentIds } }), ctx({ contractId }));
};
const addManualAs = (user: CurrentUser, body: unknown, contractId = contract.id) => {
  as(user);
  return manualRoute.POST(request(`/api/diary/${contractId}/manual-time`, { method: "POST", json: body }), ctx({ contractId }));
};

beforeEach(() => as(null));

describe("GET /api/diary/:contractId/days/:day", () => {
  it("gives the client the day's grid, R4.2 classes, R2.5 looks and the day's and week's totals", async () => {
    const d = await day(client, "2024-06-10");
    expect(d.viewer).toBe("client");
    expect(d.zone).toBe("UTC");
    expect(d.rows).toHaveLength(24);
    expect(d.rows[4]!.cells.map((c) => c.seg)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(d.rows[5]!.cells.map((c) => c.seg)).toEqual([6, 7, null, null, null, null]);
    expect(d.segments.map((s) => s.class)).toEqual([...Array(6).fill("billable"), "over_limit", "over_limit"]);
    expect(d.segments.map((s) => s.look)).toEqual(["green", "yellow", "green", "green", "green", "green", "over_limit", "over_limit"]);
    expect(d.totals).toEqual({ trackedMinutes: 80, manualMinutes: 0, overLimitMinutes: 20, billableMinutes: 60, loggedMinutes: 80 });
    expect(d.week).toMatchObject({ weekStart: "2024-06-10T00:00:00.000Z", limitMinutes: 60, loggedMinutes: 80, billableMinutes: 60, overLimitMinutes: 20, editable: true, inReviewWindow: false });
    expect(d.segments[0]!.screenshot).toEqual({ takenAt: "2024-06-10T04:01:00.000Z", width: 1280, height: 800 });
    expect(d.segments[0]!.protection).toEqual({ protected: true, failures: [] });
    expect(d.segments[7]!.protection.failures).toEqual(["OVER_LIMIT"]);
    expect(d.segments.every((s) => !s.can.delete && !s.can.dispute)).toBe(true);
    expect(d.notes.dispute).toContain("Mon 17 Jun");
    expect(d.rows.flatMap((r) => r.cells).some((c) => c.add)).toBe(false);
    // what the page hands its client component comes back as the same day
    expect(unpackDiaryDay(packDiaryDay(d))).toEqual(d);
  });

  it("lets the client dispute last week's billed segments in the review window once it is invoiced, and shows a dispute's status", async () => {
    const d = await day(client, "2024-06-05");
    expect(d.week.inReviewWindow).toBe(true);
    expect(d.notes.dispute).toBeNull();
    expect(d.segments.map((s) => s.class)).toEqual([...Array(6).fill("billable"), "over_limit"]);
    expect(d.segments.map((s) => s.can.dispute)).toEqual([true, true, true, true, true, true, false]);
    expect(d.segments[1]!.protection.failures).toEqual(["EMPTY_MEMO"]);

    // R7.1 a week may hold several disputes: a disputed segment is not offered again, the rest still are.
    await prisma.dispute.create({
      data: {
        referenceId: "DSP-DIARY-1", contractId: contract.id, invoiceId: invoice.id, filedById: client.id, reason: "Not our project", filedAt: new Date("2024-06-11T10:00:00Z"),
        respondBy: new Date("2024-06-14T10:00:00Z"), heldCents: 417, segments: { create: { segmentId: lastWeek[1]!, protected: false } },
      },
    });
    const after = await day(client, "2024-06-05");
    expect(after.segments[1]!.dispute).toMatchObject({ referenceId: "DSP-DIARY-1", status: "OPEN" });
    expect(after.segments[0]!.dispute).toBeNull();
    expect(after.segments.map((s) => s.can.dispute)).toEqual([true, false, true, true, true, true, false]);
    expect(after.notes.dispute).toBeNull();
  });

  it("offers no dispute for a week in its review window that has no invoice", async () => {
    await prisma.invoice.update({ where: { id: invoice.id }, data: { weekStart: new Date("2024-05-27T00:00:00Z") } });
    try {
      const d = await day(client, "2024-06-05");
      expect(d.segments.every((s) => !s.can.dispute)).toBe(true);
      expect(d.notes.dispute).toContain("no invoice");
    } finally {
      await prisma.invoice.update({ where: { id: invoice.id }, data: { weekStart: new Date("2024-06-03T00:00:00Z") } });
    }
  });

  it("reads the day in the viewer's or the freelancer's zone", async () => {
    const mine = await day(freelancer, "2024-06-10", "mine");
    expect(mine.zone).toBe("Asia/Karachi");
    expect(mine.rows[0]!.cells[0]!.at).toBe("2024-06-09T19:00:00.000Z");
    expect(mine.rows[9]!.cells[0]!.seg).toBe(0); // 04:00 UTC is 09:00 in Karachi
    const theirs = await day(client, "2024-06-10", "freelancer");
    expect(theirs.zone).toBe("Asia/Karachi");
    const ny = await day(client, "2024-06-10", "mine");
    expect(ny.zone).toBe("America/New_York");
    expect(ny.segments).toHaveLength(8); // 00:00-01:10 in New York
  });

  it("offers the freelancer deletion in the editable week, and manual time in elapsed empty slots only", async () => {
    const d = await day(freelancer, "2024-06-10");
    expect(d.viewer).toBe("freelancer");
    expect(d.segments.every((s) => s.can.delete)).toBe(true);
    const cells = d.rows.flatMap((r) => r.cells);
    expect(cells.find((c) => c.at === "2024-06-10T06:00:00.000Z")?.add).toBe(true);
    expect(cells.find((c) => c.at === "2024-06-10T04:00:00.000Z")?.add).toBe(false);
    const today = await day(freelancer, "2024-06-12");
    const todayCells = today.rows.flatMap((r) => r.cells);
    expect(todayCells.find((c) => c.at === "2024-06-12T14:50:00.000Z")).toMatchObject({ add: true, future: false });
    expect(todayCells.find((c) => c.at === "2024-06-12T15:00:00.000Z")).toMatchObject({ add: false, future: true });
    const locked = await day(freelancer, "2024-06-05");
    expect(locked.segments.every((s) => !s.can.delete)).toBe(true);
    expect(locked.notes.delete).toContain("closed");
    expect(locked.rows.flatMap((r) => r.cells).some((c) => c.add)).toBe(false);
  });

  it("answers an admin read-only, and 404 to anyone not on the contract", async () => {
    const d = await day(admin, "2024-06-10");
    expect(d.viewer).toBe("admin");
    expect(d.segments.every((s) => !s.can.delete && !s.can.dispute)).toBe(true);
    for (const user of [outsider, outsiderFreelancer]) {
      const res = await getDay(user, "2024-06-10");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
    expect((await getDay(client, "2024-06-10", "utc", "not-a-uuid")).status).toBe(404);
    expect((await getDay(client, "2024-02-30")).status).toBe(422);
    as(null);
    expect((await dayRoute.GET(request(`/api/diary/${contract.id}/days/2024-06-10`), ctx({ contractId: contract.id, day: "2024-06-10" }))).status).toBe(401);
  });
});

describe("DELETE /api/diary/:contractId/segments", () => {
  it("refuses the client (403) and anyone not on the contract (404)", async () => {
    expect((await deleteAs(client, [monday[0]!])).status).toBe(403);
    expect((await deleteAs(outsiderFreelancer, [monday[0]!])).status).toBe(404);
    expect((await deleteAs(freelancer, [foreign], otherContract.id)).status).toBe(404);
    expect((await deleteAs(freelancer, [])).status).toBe(422);
  });

  it("deletes the freelancer's segments in the editable week; the day and week drop by 10 minutes each", async () => {
    const before = await day(freelancer, "2024-06-10");
    // a locked week's segment in the selection: 422 as in the tracker API, and nothing is deleted
    const refusedWhole = await deleteAs(freelancer, [monday[0]!, lastWeek[0]!, foreign]);
    expect(refusedWhole.status).toBe(422);
    expect(((await refusedWhole.json()) as { error: { code: string; fields: Record<string, string> } }).error).toMatchObject({ code: "validation_failed", fields: { segmentIds: expect.stringContaining("locked") } });
    expect(await prisma.segment.findUnique({ where: { id: monday[0]! } })).toMatchObject({ deletedAt: null });
    const res = await deleteAs(freelancer, [monday[0]!, foreign]);
    expect(res.status).toBe(200);
    const result = (await res.json()) as DeleteSegmentsResult;
    expect(result.deleted).toEqual([monday[0]]);
    expect(result.refused.map((r) => r.segmentId)).toEqual([foreign]);
    const after = await day(freelancer, "2024-06-10");
    expect(after.totals.loggedMinutes).toBe(before.totals.loggedMinutes - 10);
    expect(after.week.loggedMinutes).toBe(before.week.loggedMinutes - 10);
    // R4.2: one over-limit segment moves inside the limit
    expect(after.totals.overLimitMinutes).toBe(10);
    expect(after.totals.billableMinutes).toBe(60);
    expect(await prisma.segment.findUnique({ where: { id: foreign } })).toMatchObject({ deletedAt: null });
    expect(await prisma.screenshot.findUnique({ where: { segmentId: monday[0]! } })).toBeNull();
  });
});

describe("POST /api/diary/:contractId/manual-time", () => {
  it("adds manual time to empty slots, tells open diaries after the commit, and shows it as manual", async () => {
    const browser = new PusherJs("diary-key", {
      cluster: "self-hosted", wsHost: "127.0.0.1", wsPort: realtime.port, wssPort: realtime.port, forceTLS: false, enabledTransports: ["ws", "wss"], disableStats: true,
      channelAuthorization: { customHandler: ({ socketId, channelName }, cb) => void authorizeChannel(client, socketId, channelName).then((a) => cb(null, a), (e: Error) => cb(e, null)) },
    });
    try {
      const channel = browser.subscribe(channels.contract(contract.id));
      await new Promise<void>((resolve, reject) => {
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
      });
      // The previous test's deletion may still be on its way (events leave in batches): wait for a creation.
      const event = new Promise<Record<string, unknown>>((resolve) =>
        channel.bind("segment-changed", (data: Record<string, unknown>) => data.change === "created" && resolve(data)),
      );
      const res = await addManualAs(freelancer, { slotStarts: ["2024-06-11T06:00:00Z"], memo: "  Call with the client  " });
      expect(res.status).toBe(201);
      const { created } = (await res.json()) as { created: Array<{ id: string; slotStart: string }> };
      expect(created).toHaveLength(1);
      expect(await event).toMatchObject({ slotStart: "2024-06-11T06:00:00.000Z", segmentId: created[0]!.id, change: "created" });
    } finally {
      browser.disconnect();
    }
    // A day of its own with a roomy limit would be billable; this week is already past its hour.
    const d = await day(client, "2024-06-11");
    expect(d.segments).toHaveLength(1);
    expect(d.segments[0]).toMatchObject({ kind: "MANUAL", memo: "Call with the client", class: "over_limit", look: "over_limit", screenshot: null });
    expect(d.segments[0]!.protection.failures).toEqual(expect.arrayContaining(["MANUAL_TIME", "OVER_LIMIT"]));
    expect(d.totals.manualMinutes).toBe(10);
  });

  it("names each refused slot with the rule that refuses it, and stores nothing", async () => {
    const count = await prisma.segment.count({ where: { contractId: contract.id } });
    const occupied = await addManualAs(freelancer, { slotStarts: ["2024-06-10T04:10:00Z", "2024-06-10T07:00:00Z"], memo: "Review" });
    expect(occupied.status).toBe(422);
    const body = (await occupied.json()) as { error: { message: string; fields: Record<string, string> } };
    expect(body.error.fields["2024-06-10T04:10:00.000Z"]).toContain("already holds time");
    expect(Object.keys(body.error.fields)).toHaveLength(1);
    const blank = (await (await addManualAs(freelancer, { slotStarts: ["2024-06-10T07:00:00Z"], memo: "   " })).json()) as { error: { message: string } };
    expect(blank.error.message).toContain("memo is required");
    const locked = (await (await addManualAs(freelancer, { slotStarts: ["2024-06-05T07:00:00Z"], memo: "Late" })).json()) as { error: { message: string } };
    expect(locked.error.message).toContain("closed");
    const future = (await (await addManualAs(freelancer, { slotStarts: ["2024-06-12T15:00:00Z"], memo: "Soon" })).json()) as { error: { message: string } };
    expect(future.error.message).toContain("not ended");
    expect((await addManualAs(freelancer, { slotStarts: ["2024-06-10T07:05:00Z"], memo: "Off grid" })).status).toBe(422);
    expect(await prisma.segment.count({ where: { contractId: contract.id } })).toBe(count);
  });

  it("refuses contracts without manual time, the client (403) and outsiders (404)", async () => {
    await prisma.contract.update({ where: { id: contract.id }, data: { manualTimeAllowed: false } });
    try {
      const res = await addManualAs(freelancer, { slotStarts: ["2024-06-10T08:00:00Z"], memo: "Meeting" });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("does not allow manual time");
    } finally {
      await prisma.contract.update({ where: { id: contract.id }, data: { manualTimeAllowed: true } });
    }
    expect((await addManualAs(client, { slotStarts: ["2024-06-10T08:00:00Z"], memo: "Meeting" })).status).toBe(403);
    expect((await addManualAs(outsiderFreelancer, { slotStarts: ["2024-06-10T08:00:00Z"], memo: "Meeting" })).status).toBe(404);
  });
});
