"use client";
import { formatCents } from "@/lib/format/money";
import { useWithdrawals, type WithdrawalView } from "@/lib/queries/get-paid";
import { dateTime, STATUS_CLASS, STATUS_LABEL } from "@/lib/payouts/display";

/** The freelancer's withdrawals, newest first, with their status (polled while any is processing). */
export function WithdrawalHistory({ initial, timeZone }: { initial: WithdrawalView[]; timeZone: string }) {
  const query = useWithdrawals(initial);
  const rows = query.data ?? [];
  if (query.isError && !query.data) {
    return <p role="alert" className="text-red-700">Could not load your withdrawals. <button className="underline" onClick={() => query.refetch()}>Retry</button></p>;
  }
  if (rows.length === 0) return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No withdrawals yet.</p>;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" aria-label="Withdrawals">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2">Requested</th><th className="px-3 py-2">Reference</th><th className="px-3 py-2">To</th>
            <th className="px-3 py-2 text-right">Amount</th><th className="px-3 py-2 text-right">Fee</th><th className="px-3 py-2 text-right">Received</th><th className="px-3 py-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((w) => (
            <tr key={w.id} data-testid="withdrawal-row" data-status={w.status} className="border-t border-slate-100">
              <td className="px-3 py-2 whitespace-nowrap">{dateTime(w.requestedAt, timeZone)}</td>
              <td className="px-3 py-2 font-mono">{w.referenceId}</td>
              <td className="px-3 py-2">{w.methodLabel}{w.scheduled && <span className="ml-1 text-xs text-slate-500">(scheduled)</span>}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCents(w.amountCents)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCents(w.feeCents)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{w.status === "FAILED" ? "—" : formatCents(w.netCents)}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs ${STATUS_CLASS[w.status]}`} title={w.failureReason ?? undefined}>{STATUS_LABEL[w.status]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
