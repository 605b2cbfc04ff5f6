"use client";
// One dispute for its client, its freelancer or an admin: where it stands, every disputed
// segment with its Hourly Protection verdict, the money it moved, and what the viewer may do.
// Refetched live when the other side acts (dispute-updated on the viewer's channel).
import Link from "next/link";
import type { DisputeView } from "@/lib/disputes/get-dispute";
import { formatCents } from "@/lib/format/money";
import { useDispute, useLiveDisputes } from "@/lib/queries/disputes";
import { DisputeActions } from "./dispute-actions";
import { DisputeMoney } from "./dispute-money";
import { DisputeStatusBadge } from "./dispute-status-badge";
import { SegmentVerdicts } from "./segment-verdicts";
import { utc, weekOf } from "./labels";

type Viewer = "client" | "freelancer" | "admin";

function stage(d: DisputeView, viewer: Viewer): string {
  switch (d.status) {
    case "OPEN":
      if (d.awaitingAdminReview) return "The freelancer did not answer in time: the dispute is with an admin.";
      return viewer === "freelancer" ? `Answer by ${utc(d.respondBy)}, or an admin reviews it.` : `The freelancer has until ${utc(d.respondBy)} to accept or decline.`;
    case "ESCALATED":
      return d.respondedAt ? "The freelancer declined: an admin reviews the dispute." : "The freelancer did not answer in time: an admin reviews the dispute.";
    default:
      return d.resolution ?? "";
  }
}

export function DisputeDetailView({ initial, viewer }: { initial: DisputeView; viewer: Viewer }) {
  useLiveDisputes();
  const { data: d } = useDispute(initial.id, initial);
  const live = d.status === "OPEN" || d.status === "ESCALATED";
  const clientBack = d.money.filter((m) => m.party === "client").reduce((sum, m) => sum + m.amountCents, 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Dispute {d.referenceId}</h1>
        <DisputeStatusBadge status={d.status} overdue={d.awaitingAdminReview} />
      </div>
      <p data-testid="dispute-stage" className="text-slate-700">{stage(d, viewer)}</p>

      <dl className="grid grid-cols-2 gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <div><dt className="text-sm text-slate-500">Contract</dt><dd><Link className="text-brand-700 underline" href={`/contracts/${d.contractId}`}>{d.contractTitle}</Link></dd></div>
        <div><dt className="text-sm text-slate-500">Client</dt><dd>{d.client.name}</dd></div>
        <div><dt className="text-sm text-slate-500">Freelancer</dt><dd>{d.freelancer.name}</dd></div>
        <div><dt className="text-sm text-slate-500">Invoice</dt><dd>{weekOf(d.weekStart)}</dd></div>
        <div><dt className="text-sm text-slate-500">Filed</dt><dd>{utc(d.filedAt)}</dd></div>
        <div><dt className="text-sm text-slate-500">Answer due</dt><dd>{utc(d.respondBy)}</dd></div>
        <div><dt className="text-sm text-slate-500">Disputed amount</dt><dd data-testid="disputed-amount">{formatCents(d.heldCents)}</dd></div>
        <div>
          <dt className="text-sm text-slate-500">{live ? "Refund if reviewed" : "Refunded"}</dt>
          <dd data-testid="refunded-amount">{live ? (d.reviewRefundCents === null ? "—" : formatCents(d.reviewRefundCents)) : formatCents(d.refundedCents)}</dd>
        </div>
        {d.resolvedAt && <div><dt className="text-sm text-slate-500">Closed</dt><dd>{utc(d.resolvedAt)}{d.resolvedBy ? ` by ${d.resolvedBy}` : ""}</dd></div>}
      </dl>

      <section>
        <h2 className="mb-1 font-semibold">Reason</h2>
        <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3 text-sm">{d.reason}</p>
      </section>

      <DisputeActions dispute={d} />

      <section className="space-y-2">
        <h2 className="font-semibold">Disputed segments ({d.segments.length})</h2>
        {/* R7.2, R7.4 */}
        {live && <p className="text-sm text-slate-600">While the dispute is open the contract is paused, and the disputed money is held.</p>}
        <SegmentVerdicts dispute={d} />
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Money</h2>
        {viewer === "client" && !live && (
          <p className="text-sm" data-testid="client-refund">{clientBack > 0 ? `${formatCents(clientBack)} was refunded to you (the disputed time and its client fee).` : "Nothing was refunded: the disputed time was paid."}</p>
        )}
        <DisputeMoney dispute={d} showParty={viewer === "admin"} />
        {viewer !== "admin" && <p className="text-sm text-slate-500">The same lines, under the same reference IDs, are in <Link href="/reports" className="text-brand-700 underline">Reports › Transaction History</Link>.</p>}
      </section>
    </div>
  );
}
