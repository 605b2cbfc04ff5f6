import "server-only";
// R10.3 the freelancer's payout schedule: how often, and the threshold, with what
// the next scheduled payout would send.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { nextScheduledPayoutDate, scheduledPayout, type ScheduledPayoutSkip } from "@/lib/billing";
import { RULES, type PayoutFrequency } from "@/lib/config/rules";
import { readBalances } from "@/lib/ledger/balances";

const DAY_MS = 86_400_000;

export type NextPayoutSkip = ScheduledPayoutSkip | "NO_DEFAULT_METHOD";

export interface PayoutScheduleView {
  frequency: PayoutFrequency;
  thresholdCents: number;
  /** R10.3 the next payout day (00:00 UTC) */
  nextPayoutDate: string;
  /** the available balance expected on that day: today's, plus earnings that become available by then */
  expectedAvailableCents: number;
  /** what that payout would send to the default method, or null with the reason it would not */
  nextPayout: { amountCents: number; feeCents: number; netCents: number; methodId: string } | null;
  skipReason: NextPayoutSkip | null;
}

/** The payout day the job will still act on: today's is over once today's scheduled payout was made. */
async function nextPayoutDay(userId: string, frequency: PayoutFrequency, now: Date): Promise<Date> {
  const day = nextScheduledPayoutDate(frequency, now);
  if (day.getTime() > now.getTime()) return day;
  const paidToday = await db().withdrawal.count({ where: { userId, idempotencyKey: `scheduled:${day.toISOString().slice(0, 10)}` } });
  return paidToday > 0 ? nextScheduledPayoutDate(frequency, new Date(day.getTime() + DAY_MS)) : day;
}

export async function getPayoutSchedule(user: CurrentUser, now: Date): Promise<PayoutScheduleView | null> {
  const s = await db().payoutSchedule.findUnique({ where: { userId: user.id } });
  if (!s) return null;
  const day = await nextPayoutDay(user.id, s.frequency, now);
  // Choice: the amount is an estimate at the start of the payout day (or now, on the day itself):
  // what is available then by R6.3's dates; disputes, bonuses or withdrawals before then change it.
  const at = new Date(Math.max(day.getTime(), now.getTime()));
  const [balances, method] = await Promise.all([
    readBalances(user.id, at),
    db().payoutMethod.findFirst({ where: { userId: user.id, isDefault: true, removedAt: null } }),
  ]);
  const expectedAvailableCents = Number(balances.available);
  const base = { frequency: s.frequency, thresholdCents: s.thresholdCents, nextPayoutDate: day.toISOString(), expectedAvailableCents };
  if (!method) return { ...base, nextPayout: null, skipReason: "NO_DEFAULT_METHOD" };
  const decision = scheduledPayout({ schedule: s.frequency, now: at, availableCents: expectedAvailableCents, thresholdCents: s.thresholdCents, method: method.kind, methodAddedAt: method.createdAt });
  return decision.fires
    ? { ...base, nextPayout: { amountCents: decision.amountCents, feeCents: decision.feeCents, netCents: decision.netCents, methodId: method.id }, skipReason: null }
    : { ...base, nextPayout: null, skipReason: decision.reason };
}

export async function setPayoutSchedule(user: CurrentUser, input: { frequency: PayoutFrequency; thresholdCents?: number }, now: Date): Promise<PayoutScheduleView> {
  const thresholdCents = input.thresholdCents ?? RULES.payouts.defaultThresholdCents;
  await db().payoutSchedule.upsert({
    where: { userId: user.id },
    create: { userId: user.id, frequency: input.frequency, thresholdCents, updatedAt: now },
    update: { frequency: input.frequency, thresholdCents, updatedAt: now },
  });
  return (await getPayoutSchedule(user, now))!;
}

export async function clearPayoutSchedule(user: CurrentUser): Promise<void> {
  await db().payoutSchedule.deleteMany({ where: { userId: user.id } });
}
