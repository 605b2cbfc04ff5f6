import Link from "next/link";
import type { DisputeSummary } from "@/lib/disputes/list-disputes";
import { formatCents } from "@/lib/format/money";
import { DisputeStatusBadge } from "./dispute-status-badge";
import { utc, weekOf } from "./labels";
import { Table } from "./table";

export function DisputeTable({ disputes, empty, showDeadline = false }: { disputes: DisputeSummary[]; empty: string; showDeadline?: boolean }) {
  if (disputes.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">{empty}</p>;
  }
  return (
    <Table label="Disputes" testId="dispute-table" columns={[
      { label: "Dispute" }, { label: "Contract" }, { label: "Client" }, { label: "Freelancer" }, { label: "Week" }, { label: "Segments" },
      { label: "Disputed", right: true }, { label: "Refunded", right: true }, { label: showDeadline ? "Answer was due" : "Filed" }, { label: "Status" },
    ]}>
      {disputes.map((d) => (
        <tr key={d.id} className="border-t border-slate-100" data-testid="dispute-row" data-dispute={d.id}>
          <td className="px-3 py-2 font-medium">
            <Link href={`/disputes/${d.id}`} className="text-brand-700 hover:underline">{d.referenceId}</Link>
          </td>
          <td className="px-3 py-2">{d.contractTitle}</td>
          <td className="px-3 py-2">{d.clientName}</td>
          <td className="px-3 py-2">{d.freelancerName}</td>
          <td className="px-3 py-2 whitespace-nowrap">{weekOf(d.weekStart).replace("week of ", "")}</td>
          <td className="px-3 py-2">{d.segmentCount}</td>
          <td className="px-3 py-2 text-right tabular-nums">{formatCents(d.heldCents)}</td>
          <td className="px-3 py-2 text-right tabular-nums">{d.status === "OPEN" || d.status === "ESCALATED" ? "—" : formatCents(d.refundedCents)}</td>
          <td className="px-3 py-2 whitespace-nowrap">{utc(showDeadline ? d.respondBy : d.filedAt)}</td>
          <td className="px-3 py-2"><DisputeStatusBadge status={d.status} overdue={d.awaitingAdminReview} /></td>
        </tr>
      ))}
    </Table>
  );
}
