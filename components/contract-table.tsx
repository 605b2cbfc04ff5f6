import Link from "next/link";
import type { ContractSummary } from "@/lib/contracts/list-contracts";
import { formatCents } from "@/lib/format/money";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABEL } from "@/lib/contracts/status";

const STATUS_STYLE: Record<ContractStatus, string> = {
  OFFER: "bg-slate-100 text-slate-700",
  ACTIVE: "bg-brand-100 text-brand-700",
  PAUSED: "bg-amber-100 text-amber-800",
  ENDED: "bg-slate-200 text-slate-600",
  WITHDRAWN: "bg-slate-200 text-slate-600",
  DECLINED: "bg-slate-200 text-slate-600",
};

export function ContractTable({ contracts, viewer }: { contracts: ContractSummary[]; viewer: "CLIENT" | "FREELANCER" | "ADMIN" }) {
  if (contracts.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No contracts yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Contract</th>
            {viewer !== "FREELANCER" && <th className="px-3 py-2 font-medium">Freelancer</th>}
            {viewer !== "CLIENT" && <th className="px-3 py-2 font-medium">Client</th>}
            <th className="px-3 py-2 font-medium">Rate</th>
            <th className="px-3 py-2 font-medium">Weekly limit</th>
            <th className="px-3 py-2 font-medium">Weekly payment</th>
            <th className="px-3 py-2 font-medium">Manual time</th>
            <th className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id} className="border-t border-slate-100">
              <td className="px-3 py-2 font-medium"><Link href={`/contracts/${c.id}`} className="text-brand-700 hover:underline">{c.title}</Link></td>
              {viewer !== "FREELANCER" && <td className="px-3 py-2">{c.freelancerName}</td>}
              {viewer !== "CLIENT" && <td className="px-3 py-2">{c.clientName}</td>}
              <td className="px-3 py-2">{formatCents(c.hourlyRateCents)}/h</td>
              <td className="px-3 py-2">{c.weeklyLimitText}</td>
              <td className="px-3 py-2">{c.weeklyPaymentCents > 0 ? formatCents(c.weeklyPaymentCents) : "—"}</td>
              <td className="px-3 py-2">{c.manualTimeAllowed ? "Allowed" : "No"}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[c.status]}`}>{STATUS_LABEL[c.status]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
