import "server-only";
// R10.3 the scheduled-payouts job: on a schedule's payout day, sends the whole
// available balance to the default method when it is at least the threshold.
// Choice: once per payout day (the withdrawal's idempotency key is the day); money
// that becomes available later that day waits for the next payout day.
import { db } from "@/lib/db/client";
import { isScheduledPayoutDay, scheduledPayout } from "@/lib/billing";
import { PAYOUT_FREQUENCIES } from "@/lib/config/rules";
import { readBalances } from "@/lib/ledger/balances";
import { matureDueEarnings } from "@/lib/ledger/mature-earnings";
import { withdraw } from "./withdraw";
import { ApiError } from "@/lib/errors";

export interface ScheduledPayoutsResult {
  paid: number;
  skipped: Record<string, number>;
}

export async function runScheduledPayouts(now: Date): Promise<ScheduledPayoutsResult> {
  const result: ScheduledPayoutsResult = { paid: 0, skipped: {} };
  const skip = (reason: string) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1);
  const today = PAYOUT_FREQUENCIES.filter((f) => isScheduledPayoutDay(f, now));
  if (today.length === 0) return result;
  const day = now.toISOString().slice(0, 10);
  const schedules = await db().payoutSchedule.findMany({
    where: { frequency: { in: [...today] } },
    include: { user: { select: { payoutMethods: { where: { isDefault: true, removedAt: null } } } } },
  });
  for (const s of schedules) {
    const method = s.user.payoutMethods[0];
    if (!method) {
      skip("NO_DEFAULT_METHOD");
      continue;
    }
    if ((await db().withdrawal.count({ where: { userId: s.userId, idempotencyKey: `scheduled:${day}` } })) > 0) {
      skip("ALREADY_PAID_TODAY");
      continue;
    }
    await matureDueEarnings(now, { userId: s.userId });
    const { available } = await readBalances(s.userId, now);
    const decision = scheduledPayout({ schedule: s.frequency, now, availableCents: Number(available), thresholdCents: s.thresholdCents, method: method.kind, methodAddedAt: method.createdAt });
    if (!decision.fires) {
      skip(decision.reason);
      continue;
    }
    try {
      await withdraw({ id: s.userId }, { amountCents: decision.amountCents, methodId: method.id, idempotencyKey: `scheduled:${day}`, scheduled: true }, now);
      result.paid++;
    } catch (error) {
      // the balance moved under us (a manual withdrawal at the same moment): wait for the next payout day
      if (error instanceof ApiError && (error.code === "validation_failed" || error.code === "conflict")) skip("BALANCE_CHANGED");
      else throw error;
    }
  }
  return result;
}
