"use client";
import { formatCents } from "@/lib/format/money";
import { useWithdrawal } from "@/lib/queries/get-paid";
import { dateTime, STATUS_CLASS, STATUS_LABEL } from "@/lib/payouts/display";

/** A withdrawal just made, followed until it is paid or has failed (and its money is back). */
export function WithdrawalStatus({ id, timeZone }: { id: string; timeZone: string }) {
  const query = useWithdrawal(id);
  const w = query.data;
  if (!w) {
    return query.isError ? (
      <p role="alert" className="text-red-700">Could not load the withdrawal. <button className="underline" onClick={() => query.refetch()}>Retry</button></p>
    ) : (
      <p className="animate-pulse text-slate-500">Loading the withdrawal…</p>
    );
  }
  return (
    <div role="status" data-testid="withdrawal-status" data-status={w.status} className="space-y-2 rounded border border-brand-500 bg-brand-50 p-5">
      <p className="flex flex-wrap items-center gap-2 font-medium">
        Withdrawal <span data-testid="withdrawal-reference" className="font-mono">{w.referenceId}</span>
        <span className={`rounded px-2 py-0.5 text-sm ${STATUS_CLASS[w.status]}`}>{STATUS_LABEL[w.status]}</span>
      </p>
      <p className="text-sm">
        {formatCents(w.amountCents)} from your available balance: fee {formatCents(w.feeCents)}, {formatCents(w.netCents)} to {w.methodLabel}.
      </p>
      {w.status === "PROCESSING" && <p className="text-sm text-slate-600">Sent to the bank on {dateTime(w.requestedAt, timeZone)}. This page updates when it is paid.</p>}
      {w.status === "PAID" && w.settledAt && <p className="text-sm text-brand-700">Paid on {dateTime(w.settledAt, timeZone)}.</p>}
      {w.status === "FAILED" && (
        <p className="text-sm text-red-800">
          The payout failed{w.failureReason ? `: ${w.failureReason}` : "."} The {formatCents(w.amountCents)}, fee included, is back in your available balance.
        </p>
      )}
    </div>
  );
}
