import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { fieldsFromZod } from "@/lib/errors";
import { listTransactions, viewerOf } from "@/lib/reports/list-transactions";
import { listContracts } from "@/lib/contracts/list-contracts";
import { runningColumn } from "@/lib/reports/csv";
import { historyQuery, searchParamsObject } from "@/lib/validation/reports";
import { fieldLabel } from "@/lib/validation/field-labels";
import { now } from "@/lib/clock";
import { TransactionFilters } from "@/components/reports/transaction-filters";
import { TransactionTable } from "@/components/reports/transaction-table";

export const metadata: Metadata = { title: "Transaction History" };

const FILTER_KEYS = ["from", "to", "type", "contract"] as const;

// /reports/transactions?from=YYYY-MM-DD&to=YYYY-MM-DD&type=HOURLY&contract=<id>: the view is its URL.
export default async function TransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const viewer = viewerOf(user)!;
  const raw = searchParamsObject(await searchParams);
  const filter = new URLSearchParams(FILTER_KEYS.flatMap((k) => (raw[k] ? [[k, raw[k]] as [string, string]] : []))).toString();
  const at = now();
  const parsed = historyQuery.safeParse({ ...Object.fromEntries(new URLSearchParams(filter)), limit: "50" });
  const contracts = (await listContracts(user, at)).map((c) => ({ id: c.id, title: c.title }));
  const initial = { from: raw.from?.slice(0, 10) ?? "", to: raw.to?.slice(0, 10) ?? "", type: raw.type ?? "", contract: raw.contract ?? "" };

  if (!parsed.success) {
    const fields = fieldsFromZod(parsed.error);
    return (
      <div className="space-y-4">
        <TransactionFilters initial={initial} contracts={contracts} viewer={viewer} />
        <div role="alert" className="rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="filters-invalid">
          <p className="font-medium">These filters cannot be shown:</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(fields).map(([k, v]) => (
              <li key={k}><span className="font-medium">{fieldLabel(k)}</span>: {v}</li>
            ))}
          </ul>
        </div>
      </div>
    );
  }
  const first = await listTransactions(user, parsed.data, at);
  const shownFrom = first.from.slice(0, 10);
  const shownTo = first.to ? new Date(Date.parse(first.to) - 1).toISOString().slice(0, 10) : at.toISOString().slice(0, 10);
  // the inputs show the window actually read, the default one included
  const shown = { ...initial, from: initial.from || shownFrom, to: initial.to || (first.to ? shownTo : "") };
  return (
    <div className="space-y-4">
      {/* Both remount when the filter changes; their keys differ, as siblings' keys must (the same key twice was React's duplicate-key error on every load). */}
      <TransactionFilters key={`filters:${filter}`} initial={shown} contracts={contracts} viewer={viewer} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="transactions-window">
          {shownFrom} to {shownTo} (UTC){raw.from || raw.to ? "" : ", the last 30 days"}.{" "}
          {viewer === "FREELANCER" ? "Balance: in review + pending + available + held, after each line." : "Owed: invoiced and not yet paid (refunds, charges and write-offs bring it down), after each line."}
        </p>
        <a href={`/api/ledger/transactions/export${filter ? `?${filter}` : ""}`} download className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50" data-testid="export-csv">
          Download CSV
        </a>
      </div>
      <TransactionTable key={`table:${filter}`} filter={filter} firstPage={first} runningLabel={runningColumn(viewer)} />
    </div>
  );
}

