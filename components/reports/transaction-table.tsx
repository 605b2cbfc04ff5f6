"use client";
// R12 Transaction History table: the server's first page, then further keyset
// pages on demand. Every reference ID opens its invoice page.
import Link from "next/link";
import { formatCents } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { useTransactionPages, type TransactionsPage } from "@/lib/queries/reports";
import { lineDate } from "@/lib/reports/csv";
import { STATUS_LABELS, type HistoryStatus } from "@/lib/reports/history-lines";
import { HISTORY_TYPE_LABELS } from "@/lib/validation/reports";

const STATUS_LOOK: Record<HistoryStatus, string> = {
  in_review: "bg-amber-50 text-amber-800",
  pending: "bg-sky-50 text-sky-800",
  available: "bg-brand-50 text-brand-700",
  paid: "bg-slate-100 text-slate-700",
  failed: "bg-red-50 text-red-700",
};

export function TransactionTable({ filter, firstPage, runningLabel }: { filter: string; firstPage: TransactionsPage; runningLabel: string }) {
  const query = useTransactionPages(filter, firstPage);
  const lines = query.data.pages.flatMap((p) => p.transactions);
  if (lines.length === 0) {
    return (
      <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600" data-testid="transactions-empty">
        No transactions in this view. Try a wider date range or another type.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="transactions-table">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Date (UTC)</th>
              <th className="px-3 py-2 font-medium">Reference ID</th>
              <th className="px-3 py-2 font-medium">Type</th>
              <th className="px-3 py-2 font-medium">Description</th>
              <th className="px-3 py-2 text-right font-medium">Amount</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 text-right font-medium">{runningLabel}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.map((l) => (
              <tr key={l.id} data-testid="transaction-row">
                <td className="whitespace-nowrap px-3 py-2 tabular-nums">{lineDate(l.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                  <Link href={`/reports/invoices/${encodeURIComponent(l.referenceId)}`} className="text-brand-700 hover:underline">{l.referenceId}</Link>
                </td>
                <td className="whitespace-nowrap px-3 py-2">{HISTORY_TYPE_LABELS[l.type]}</td>
                <td className="px-3 py-2 text-slate-700">{l.description}</td>
                <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${l.amountCents.startsWith("-") ? "text-slate-900" : "text-brand-700"}`}>{formatCents(BigInt(l.amountCents))}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_LOOK[l.status]}`}>{STATUS_LABELS[l.status]}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{formatCents(BigInt(l.runningBalanceCents))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {query.isFetchNextPageError && (
        <p role="alert" className="text-sm text-red-700">
          {query.error instanceof ApiClientError ? query.error.message : "The next page could not be loaded."} Try again.
        </p>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}
          className="rounded border border-slate-300 bg-white px-4 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
          {query.isFetchingNextPage ? "Loading…" : "Show more"}
        </button>
      )}
    </div>
  );
}
