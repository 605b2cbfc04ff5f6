// R10.1 payout methods, R10.3 schedules and the scheduled-payouts job, on a real PostgreSQL.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { balanceOf, expectLedgerInvariants, fundAvailable } from "../../tests/support/ledger";
import { setNoticeSink } from "../realtime/notify";
import { addPayoutMethod, removePayoutMethod, setDefaultPayoutMethod } from "./payout-methods";
import { listPayoutMethods } from "./list-payout-methods";
import { clearPayoutSchedule, getPayoutSchedule, setPayoutSchedule } from "./payout-schedule";
import { runScheduledPayouts } from "./scheduled-payouts";
import { setPayoutProviderForTests } from "./provider";
import { SandboxPayoutProvider } from "./sandbox-provider";

const { prisma } = await setupTestDatabase();
beforeAll(() => {
  setNoticeSink(() => undefined);
  setPayoutProviderForTests(new SandboxPayoutProvider());
});
afterEach(() => expectLedgerInvariants(prisma));
const NOW = new Date("2024-06-12T15:05:00Z"); // a Wednesday
const WED = new Date("2024-06-19T08:00:00Z"); // the next one (the 3rd Wednesday of June)

describe("payout methods (R10.1)", () => {
  it("are usable 3 days after they are added, keep only the last 4 digits, and the first is the default", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const ach = await addPayoutMethod(f, { kind: "ACH", label: "Checking", accountHolder: "F F", routingNumber: "021000021", accountNumber: "000123456789" }, NOW);
    expect(ach).toMatchObject({ kind: "ACH", last4: "6789", isDefault: true, usableFrom: "2024-06-15T15:05:00.000Z" });
    const wire = await addPayoutMethod(f, { kind: "WIRE", label: "Wire", accountHolder: "F F", iban: "DE44500105175407324931", swift: "DEUTDEFF" }, NOW);
    expect(wire.isDefault).toBe(false);
    const stored = JSON.stringify(await prisma.payoutMethod.findMany({ where: { userId: f.id } }));
    expect(stored).not.toContain("000123456789");
    expect(stored).not.toContain("500105175407324931");
    await setDefaultPayoutMethod(f, wire.id);
    expect((await listPayoutMethods(f)).map((m) => [m.kind, m.isDefault])).toEqual([["ACH", false], ["WIRE", true]]);
    // Choice: removing the default promotes the oldest remaining method
    await removePayoutMethod(f, wire.id, NOW);
    expect((await listPayoutMethods(f)).map((m) => [m.kind, m.isDefault])).toEqual([["ACH", true]]);
    const other = await makeUser(prisma, "FREELANCER");
    await expect(removePayoutMethod(other, ach.id, NOW)).rejects.toMatchObject({ status: 404 });
    await expect(setDefaultPayoutMethod(other, ach.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("scheduled payouts (R10.3)", () => {
  it("the schedule names its next payout day, with the default threshold", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    expect(await getPayoutSchedule(f, NOW)).toBeNull();
    expect(await setPayoutSchedule(f, { frequency: "MONTHLY" }, NOW)).toEqual({
      frequency: "MONTHLY", thresholdCents: 10_000, nextPayoutDate: "2024-06-26T00:00:00.000Z", expectedAvailableCents: 0, nextPayout: null, skipReason: "NO_DEFAULT_METHOD",
    });
    expect(await setPayoutSchedule(f, { frequency: "QUARTERLY", thresholdCents: 50_000 }, NOW)).toMatchObject({ nextPayoutDate: "2024-06-26T00:00:00.000Z", thresholdCents: 50_000 });
    await clearPayoutSchedule(f);
    expect(await getPayoutSchedule(f, NOW)).toBeNull();
  });

  it("on a payout day sends the whole available balance to the default method when it reaches the threshold, once that day", async () => {
    const rich = await makeUser(prisma, "FREELANCER");
    await fundAvailable(prisma, rich.id, 15_000, NOW);
    await prisma.payoutMethod.updateMany({ where: { userId: rich.id }, data: { isDefault: true } });
    await setPayoutSchedule(rich, { frequency: "TWICE_MONTHLY" }, NOW);
    const poor = await makeUser(prisma, "FREELANCER");
    await fundAvailable(prisma, poor.id, 9_999, NOW);
    await prisma.payoutMethod.updateMany({ where: { userId: poor.id }, data: { isDefault: true } });
    await setPayoutSchedule(poor, { frequency: "WEEKLY" }, NOW);

    // Thursday: not a payout day
    expect((await runScheduledPayouts(new Date("2024-06-13T08:00:00Z"))).paid).toBe(0);
    const first = await runScheduledPayouts(WED);
    expect(first.skipped.BELOW_THRESHOLD).toBeGreaterThanOrEqual(1);
    const w = await prisma.withdrawal.findFirstOrThrow({ where: { userId: rich.id } });
    expect(w).toMatchObject({ amountCents: 15_000, scheduled: true, idempotencyKey: "scheduled:2024-06-19", status: "PROCESSING" });
    expect(await balanceOf(prisma, `freelancer:${rich.id}:available`)).toBe(0n);
    // new money the same day waits for the next payout day
    await fundAvailable(prisma, rich.id, 20_000, new Date(WED.getTime() + 1000));
    const again = await runScheduledPayouts(new Date(WED.getTime() + 3_600_000));
    expect(again.skipped.ALREADY_PAID_TODAY).toBeGreaterThanOrEqual(1);
    expect(await prisma.withdrawal.count({ where: { userId: rich.id } })).toBe(1);
    expect(await prisma.withdrawal.count({ where: { userId: poor.id } })).toBe(0);
  });
});
