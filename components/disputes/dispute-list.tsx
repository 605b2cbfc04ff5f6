"use client";
// The disputes page: the viewer's disputes (an admin's: all), by view, refetched live.
import Link from "next/link";
import type { DisputeSummary } from "@/lib/disputes/list-disputes";
import type { DisputeFilter } from "@/lib/validation/dispute-filters";
import { useDisputes, useLiveDisputes } from "@/lib/queries/disputes";
import { DisputeTable } from "./dispute-table";

const VIEWS: Array<{ filter: DisputeFilter; label: string }> = [
  { filter: "all", label: "All" },
  { filter: "open", label: "Open" },
  { filter: "closed", label: "Closed" },
];

export function DisputeList({ filter, contractId, initial }: { filter: DisputeFilter; contractId: string | null; initial: DisputeSummary[] }) {
  useLiveDisputes();
  const { data = initial, isFetching } = useDisputes(filter, contractId, initial);
  const href = (f: DisputeFilter) => `/disputes?${new URLSearchParams({ ...(f !== "all" ? { filter: f } : {}), ...(contractId ? { contract: contractId } : {}) })}`;
  return (
    <div className="space-y-3" aria-busy={isFetching}>
      <nav aria-label="Dispute views" className="flex flex-wrap gap-1">
        {VIEWS.map((v) => (
          <Link key={v.filter} href={href(v.filter)} aria-current={v.filter === filter ? "page" : undefined}
            className={`rounded px-3 py-1.5 text-sm ${v.filter === filter ? "bg-brand-600 text-white" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}>
            {v.label}
          </Link>
        ))}
      </nav>
      <DisputeTable disputes={data} empty={filter === "open" ? "No open disputes." : "No disputes here."} />
    </div>
  );
}
