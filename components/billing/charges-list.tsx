"use client";
// R14.3 Settings › Billing: the client's charges, newest first, each with its invoices and every
// attempt (when, how it was triggered, on which method, and what the provider answered), and
// "Pay now" for a failed or past-due charge.
import Link from "next/link";
import { formatCents } from "@/lib/format/money";
import { dateTime, payoutDay } from "@/lib/payouts/display";
import { useCharges, type ChargeView } from "@/lib/queries/charges";
import { chargeBadge, methodLabel, TRIGGER_LABEL } from "./charge-labels";
import { PayNowButton } from "./charge-pay-now";

export function ChargesList({ initial, timeZone = "UTC" }: { initial?: ChargeView[]; timeZone?: string }) {
  const query = useCharges(initial);
  if (query.isPending) return <p className="text-sm text-slate-600" data-testid="charges-loading">Loading charges…</p>;
  if (query.isError && !query.data) {
    return (
      <p role="alert" className="text-red-700">
        Could not load your charges. <button type="button" className="underline" onClick={() => void query.refetch()}>Retry</button>
      </p>
    );
  }
  const charges = query.data ?? [];
  if (charges.length === 0) return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600" data-testid="charges-empty">No charges yet.</p>;
  return (
    <ul className="space-y-3" aria-label="Charges">
      {charges.map((c) => <ChargeItem key={c.id} charge={c} timeZone={timeZone} />)}
    </ul>
  );
}

function ChargeItem({ charge: c, timeZone }: { charge: ChargeView; timeZone: string }) {
  const badge = chargeBadge(c, timeZone);
  // R14.2 a declined bonus is not charged again (no bonus exists): only a weekly charge is paid now
  const payable = c.kind === "WEEKLY" && (c.status === "FAILED" || c.status === "PAST_DUE");
  return (
    <li className="rounded border border-slate-200 bg-white p-4" data-testid="charge" data-status={c.status} data-reference={c.referenceId}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <p className="font-medium">
            {c.kind === "WEEKLY" && c.weekStart ? `Week of ${payoutDay(c.weekStart)}` : "Bonus"}{" "}
            <span className="ml-1 font-mono text-xs text-slate-500">{c.referenceId}</span>
          </p>
          <p className="text-xs text-slate-500">Created {dateTime(c.createdAt, timeZone)}{c.paidAt ? ` · paid ${dateTime(c.paidAt, timeZone)}` : ""}</p>
        </div>
        <div className="flex items-center gap-3">
          <span className="text-lg font-semibold tabular-nums" data-testid="charge-amount">{formatCents(c.amountCents)}</span>
          <span className={`rounded px-2 py-0.5 text-xs font-medium ${badge.className}`} data-testid="charge-status">{badge.label}</span>
        </div>
      </div>
      {c.invoices.length > 0 && (
        <ul className="mt-2 text-sm" aria-label={`Invoices of ${c.referenceId}`}>
          {c.invoices.map((i) => (
            <li key={i.id} className="flex justify-between gap-3">
              <span>
                <Link href={`/reports/invoices/${encodeURIComponent(i.referenceId)}`} className="font-mono text-xs text-brand-700 hover:underline">{i.referenceId}</Link>{" "}
                {i.contractTitle}
              </span>
              <span className="tabular-nums">{formatCents(i.totalCents)}</span>
            </li>
          ))}
        </ul>
      )}
      {c.attempts.length > 0 && (
        <table className="mt-3 w-full text-left text-xs" aria-label={`Attempts of ${c.referenceId}`}>
          <thead className="text-slate-500">
            <tr><th className="py-1 pr-2 font-medium">#</th><th className="py-1 pr-2 font-medium">When</th><th className="py-1 pr-2 font-medium">How</th><th className="py-1 pr-2 font-medium">Method</th><th className="py-1 font-medium">Outcome</th></tr>
          </thead>
          <tbody>
            {c.attempts.map((a) => (
              <tr key={a.number} className="border-t border-slate-100" data-testid="charge-attempt" data-outcome={a.outcome}>
                <td className="py-1 pr-2 tabular-nums">{a.number}</td>
                <td className="whitespace-nowrap py-1 pr-2">{dateTime(a.startedAt, timeZone)}</td>
                <td className="py-1 pr-2">{TRIGGER_LABEL[a.trigger] ?? a.trigger}</td>
                <td className="whitespace-nowrap py-1 pr-2">{a.method ? methodLabel(a.method) : "No billing method"}</td>
                <td className="py-1">{OUTCOME_LABEL[a.outcome]}{a.failureMessage ? `: ${a.failureMessage}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {payable && <PayNowButton charge={c} />}
    </li>
  );
}

const OUTCOME_LABEL: Record<ChargeView["attempts"][number]["outcome"], string> = {
  PROCESSING: "Processing",
  SUCCEEDED: "Paid",
  DECLINED: "Declined",
  // Choice: a lost answer is reconciled with the provider before anything else happens (never charged twice)
  UNKNOWN: "Checking with the provider",
};
