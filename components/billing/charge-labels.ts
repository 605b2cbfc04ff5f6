// Labels of Settings › Billing's charges: the status badge (R14.3), how an attempt was triggered, and a method as "Visa •••• 4242".
import { dateTime } from "@/lib/payouts/display";
import { inFlight, type ChargeView } from "@/lib/queries/charges";

export const TRIGGER_LABEL: Record<string, string> = {
  close: "Weekly close",
  retry: "Automatic retry",
  pay_now: "Pay now",
  bonus: "Bonus",
};

/** "Visa •••• 4242", or the bank's name and the account's last 4 digits. */
export function methodLabel(m: { kind: "CARD" | "BANK_ACCOUNT"; brand: string | null; last4: string }): string {
  return `${m.brand ?? (m.kind === "CARD" ? "Card" : "Bank account")} •••• ${m.last4}`;
}

export function chargeBadge(c: ChargeView, timeZone: string): { label: string; className: string } {
  if (c.status === "SUCCEEDED") return { label: "Paid", className: "bg-brand-50 text-brand-700" };
  if (c.status === "WRITTEN_OFF") return { label: "Written off", className: "bg-slate-100 text-slate-700" };
  if (inFlight(c) || c.status === "PENDING") return { label: "Processing", className: "bg-sky-50 text-sky-800" };
  if (c.status === "PAST_DUE") return { label: "Past due", className: "bg-red-100 text-red-800" };
  // R14.2 a bonus whose charge failed was never paid
  if (c.kind === "BONUS") return { label: "Declined, no bonus paid", className: "bg-amber-50 text-amber-800" };
  // FAILED: R14.3 retried 1 and 3 days after the close
  const retry = c.nextAttemptAt ? `, retry on ${dateTime(c.nextAttemptAt, timeZone)}` : "";
  return { label: `Failed${retry}`, className: "bg-amber-50 text-amber-800" };
}
