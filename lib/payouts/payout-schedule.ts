import "server-only";
// R10.3 the freelancer's payout schedule: how often, and the threshold.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { nextScheduledPayoutDate } from "@/lib/billing";
import { RULES, type PayoutFrequency } from "@/lib/config/rules";

export interface PayoutScheduleView {
  frequency: PayoutFrequency;
  thresholdCents: number;
  /** R10.3 the next payout day (00:00 UTC) */
  nextPayoutDate: string;
}

export async function getPayoutSchedule(user: CurrentUser, now: Date): Promise<PayoutScheduleView | null> {
  const s = await db().payoutSchedule.findUnique({ where: { userId: user.id } });
  return s ? { frequency: s.frequency, thresholdCents: s.thresholdCents, nextPayoutDate: nextScheduledPayoutDate(s.frequency, now).toISOString() } : null;
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
