"use client";
// Transaction History filters (R12: date range, type, contract). They live in the
// URL, so a filtered view is a link; applying them navigates, and the server
// renders the view's first page.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { HISTORY_TYPES, HISTORY_TYPE_LABELS } from "@/lib/validation/reports";

export interface FilterValues {
  from: string;
  to: string;
  type: string;
  contract: string;
}

export function TransactionFilters({ initial, contracts, viewer }: { initial: FilterValues; contracts: Array<{ id: string; title: string }>; viewer: "FREELANCER" | "CLIENT" }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const set = (k: keyof FilterValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  // a client is never charged a service fee and a freelancer never pays a client fee
  // R14.5 charges and failed attempts are a client's; holds of an unpaid week a freelancer's
  const types = HISTORY_TYPES.filter((t) => (viewer === "CLIENT" ? t !== "SERVICE_FEE" && t !== "PAYMENT_HOLD" && !t.startsWith("WITHDRAWAL") : t !== "CLIENT_FEE" && !t.includes("CHARGE")));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
    router.push(`/reports/transactions${params.size ? `?${params.toString()}` : ""}`);
  };
  const field = "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 print:hidden" aria-label="Filters">
      <label className="text-sm text-slate-700">
        From
        <input type="date" name="from" value={values.from} onChange={set("from")} className={field} />
      </label>
      <label className="text-sm text-slate-700">
        To (inclusive)
        <input type="date" name="to" value={values.to} onChange={set("to")} className={field} />
      </label>
      <label className="text-sm text-slate-700">
        Type
        <select name="type" value={values.type} onChange={set("type")} className={field}>
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>{HISTORY_TYPE_LABELS[t]}</option>
          ))}
        </select>
      </label>
      <label className="text-sm text-slate-700">
        Contract
        <select name="contract" value={values.contract} onChange={set("contract")} className={field}>
          <option value="">All contracts</option>
          {contracts.map((c) => (
            <option key={c.id} value={c.id}>{c.title}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700">Apply</button>
      <a href="/reports/transactions" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">Last 30 days</a>
    </form>
  );
}
