// How Settings > Get Paid reads: method kinds, statuses and instants in the viewer's own time
// zone (their profile's, so the server's first render and the browser agree).
import type { WithdrawalStatus } from "@/lib/config/rules";

export { FREQUENCY_LABEL, KIND_LABEL } from "@/lib/validation/payout-labels";

export const STATUS_LABEL: Record<WithdrawalStatus, string> = { PROCESSING: "Processing", PAID: "Paid", FAILED: "Failed, money returned" };

export const STATUS_CLASS: Record<WithdrawalStatus, string> = {
  PROCESSING: "bg-amber-100 text-amber-800",
  PAID: "bg-brand-100 text-brand-700",
  FAILED: "bg-red-100 text-red-800",
};

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat("en-GB", { timeZone, ...options })));
  return f;
}

// Assembled from parts, so Node's and the browser's ICU versions (", " or " at ") cannot disagree.
function parts(iso: string, timeZone: string, withTime: boolean): Record<string, string> {
  const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric", ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}) };
  return Object.fromEntries(formatter(timeZone, options).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "Sat 15 Jun 2024, 20:05" */
export function dateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** "Wed 26 Jun 2024": payout days are UTC days (R10.3), so they read in UTC */
export function payoutDay(iso: string): string {
  const p = parts(iso, "UTC", false);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}
