// R16.4 "tracker stopped for inactivity", on a real PostgreSQL: the freelancer of the contract is
// notified once per stop (a resend records nothing new), nobody else; another's contract is not found.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { setNoticeSink, type Notice } from "../realtime/notify";
import { recordTrackerEvent } from "./tracker-events";

const { prisma } = await setupTestDatabase();
const notices: Notice[] = [];
beforeAll(() => setNoticeSink((n) => notices.push(n)));
const NOW = new Date("2024-06-12T10:00:00Z");

describe("POST /api/tracker/v1/events: stopped_idle", () => {
  it("notifies the contract's freelancer once, with a link to that day of the Work Diary, and tells their bell", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, freelancer, { status: "ACTIVE", title: "API work" });
    const at = new Date("2024-06-12T09:41:00Z");
    expect(await recordTrackerEvent(freelancer.id, { kind: "stopped_idle", at, contractId: contract.id }, NOW)).toEqual({ created: true });
    expect(await recordTrackerEvent(freelancer.id, { kind: "stopped_idle", at, contractId: contract.id }, NOW)).toEqual({ created: false });
    const notes = await prisma.notification.findMany({ where: { userId: { in: [client.id, freelancer.id] } } });
    expect(notes).toEqual([expect.objectContaining({ userId: freelancer.id, kind: "tracker_stopped_idle", title: "Tracker stopped: API work" })]);
    expect(notes[0]!.link).toMatch(new RegExp(`^/diary\\?contract=${contract.id}&day=2024-06-12&`));
    expect(await prisma.emailOutbox.count({ where: { userId: freelancer.id, kind: "tracker_stopped_idle" } })).toBe(1);
    expect(notices.filter((n) => n.event === "notification-created")).toEqual([{ event: "notification-created", userId: freelancer.id }]);
  });

  it("another freelancer's contract is not found; an instant in the future or a day old is refused; nothing is written", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const owner = await makeUser(prisma, "FREELANCER");
    const other = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, owner, { status: "ACTIVE" });
    await expect(recordTrackerEvent(other.id, { kind: "stopped_idle", at: NOW, contractId: contract.id }, NOW)).rejects.toMatchObject({ status: 404 });
    await expect(recordTrackerEvent(owner.id, { kind: "stopped_idle", at: new Date("2024-06-12T10:05:00Z"), contractId: contract.id }, NOW)).rejects.toMatchObject({ status: 422, details: { fields: { at: expect.any(String) } } });
    await expect(recordTrackerEvent(owner.id, { kind: "stopped_idle", at: new Date("2024-06-11T09:00:00Z"), contractId: contract.id }, NOW)).rejects.toMatchObject({ status: 422 });
    expect(await prisma.notification.count({ where: { userId: { in: [owner.id, other.id] } } })).toBe(0);
  });
});
