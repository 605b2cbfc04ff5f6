// Every default of docs/rules.md lives here and nowhere else.
// Times are UTC; money is integer cents; fees are basis points (1% = 100 bp)
// so that fee math stays in integers.

export const PAYOUT_METHOD_KINDS = ["ACH", "LOCAL_BANK", "WIRE", "INSTANT_CARD"] as const;
export type PayoutMethodKind = (typeof PAYOUT_METHOD_KINDS)[number];

export const PAYOUT_FREQUENCIES = ["WEEKLY", "TWICE_MONTHLY", "MONTHLY", "QUARTERLY"] as const;
export type PayoutFrequency = (typeof PAYOUT_FREQUENCIES)[number];

/** where a withdrawal stands: with the provider, settled, or failed with the money returned */
export type WithdrawalStatus = "PROCESSING" | "PAID" | "FAILED";

export const RULES = {
  time: {
    /** R1.2 slot length */
    slotMinutes: 10,
    /** R1.3 the weekly close: the following Monday at this hour, UTC */
    closeHourUtc: 12,
  },
  earnings: {
    /**
     * R6.3 the review window ends at the end of this ISO weekday (1 = Monday ... 7 = Sunday)
     * of the week that holds the close: Friday, so the last reviewable second is Fri 23:59:59.
     */
    reviewEndsIsoWeekday: 5,
    /** R6.3 earnings become available at 00:00 UTC on the first such ISO weekday after the review window (Wednesday) */
    availableIsoWeekday: 3,
  },
  tracking: {
    /** R2.1 per-minute buckets per segment */
    minutesPerSlot: 10,
    /** R2.4 the tracker stops itself after this many minutes without input */
    inactivityStopMinutes: 10,
    /** R2.5 green at or above this activity level, yellow below */
    lowActivityThreshold: 3,
    /** R2.6 how far in the future a slot may start (clock skew) */
    clockSkewAllowanceMs: 2 * 60 * 1000,
  },
  fees: {
    /** R6.2 client fee on the invoice, in basis points */
    clientFeeBp: 300,
    /** R6.2 service fee on the freelancer's gross, in basis points */
    serviceFeeBp: 1000,
  },
  disputes: {
    /** R7.3 days the freelancer has to accept or decline */
    responseDays: 3,
  },
  bonuses: {
    /** R8 a bonus may be paid up to this many days after the contract ended */
    maxDaysAfterEnd: 365,
    /** R8 a bonus is available this many days after it is paid */
    availableAfterDays: 5,
    /** R8 (our choice, written into docs/rules.md): the largest single bonus, in cents, until client billing (R14) charges each one; BONUS_MAX_CENTS overrides it (bonusMaxCents) */
    maxAmountCents: 1_000_000,
  },
  clientBilling: {
    /** R14.3 a failed weekly charge is retried this many days after the close (then the client is past due) */
    retryDaysAfterClose: [1, 3],
    /** R14.4 a weekly charge still unpaid this many days after the close is written off */
    writeOffDaysAfterClose: 30,
  },
  weeklyPayment: {
    /** R9.3 available this many days after the close */
    availableAfterDays: 5,
    /** R9.5 percent per active weekday, and the floor */
    percentPerWeekday: 20,
    minimumPercent: 20,
    /** R9.5 the ISO weekdays that count for proration: Monday (1) to Friday (5) */
    firstProratedIsoWeekday: 1,
    lastProratedIsoWeekday: 5,
  },
  payouts: {
    /** R10.1 fee by method, cents */
    feeCents: { ACH: 0, LOCAL_BANK: 99, WIRE: 3000, INSTANT_CARD: 200 } satisfies Record<PayoutMethodKind, number>,
    /** R10.1 a new method is usable this many days after it is added */
    newMethodHoldDays: 3,
    /** R10.3 default threshold for scheduled payouts, cents */
    defaultThresholdCents: 10_000,
    /** R10.3 scheduled payouts run on this ISO weekday (Wednesday) */
    scheduleIsoWeekday: 3,
    /** R10.3 twice a month: these occurrences of that weekday in the month (1st and 3rd) */
    twiceMonthlyOccurrences: [1, 3],
    /** R10.3 quarterly: the last such weekday of these months (1 = January) */
    quarterlyMonths: [3, 6, 9, 12],
  },
  auth: {
    /** Not in docs/rules.md: failed sign-ins per minute per account or address before 429 */
    maxFailedSignInsPerMinute: 10,
  },
} as const;

/** What is wrong with BONUS_MAX_CENTS, or null when it is unset or whole cents of at least 1 (every process checks it at startup). */
export function bonusMaxCentsProblem(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.BONUS_MAX_CENTS?.trim();
  if (raw === undefined || raw === "") return null;
  const cents = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(cents) && cents >= 1 ? null : `BONUS_MAX_CENTS="${raw}" is not a whole number of cents of at least 1 (1000000 is $10,000.00).`;
}

/** The largest single bonus in cents: BONUS_MAX_CENTS when set, else RULES.bonuses.maxAmountCents ($10,000.00). */
export function bonusMaxCents(env: Record<string, string | undefined> = process.env): number {
  const problem = bonusMaxCentsProblem(env);
  if (problem) throw new Error(problem);
  const raw = env.BONUS_MAX_CENTS?.trim();
  return raw ? Number(raw) : RULES.bonuses.maxAmountCents;
}
