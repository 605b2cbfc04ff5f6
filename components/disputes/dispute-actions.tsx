"use client";
// What the viewer may do with the dispute now (the server decides; lib/disputes/get-dispute `can`):
// the freelancer accepts or declines (R7.3), the client withdraws (R7.4), an admin resolves (R7.3).
import type { DisputeView } from "@/lib/disputes/get-dispute";
import { formatCents } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { useResolveDispute, useRespondToDispute, useWithdrawDispute } from "@/lib/queries/disputes";
import { useConfirm } from "@/components/confirm-dialog";

function errorText(error: unknown): string | null {
  if (!error) return null;
  return error instanceof ApiClientError ? error.message : "Something went wrong. Try again.";
}

const button = "rounded px-4 py-2 font-medium disabled:opacity-60";

export function DisputeActions({ dispute }: { dispute: DisputeView }) {
  const respond = useRespondToDispute(dispute.id);
  const withdraw = useWithdrawDispute(dispute.id);
  const resolve = useResolveDispute(dispute.id);
  const [confirm, confirmDialog] = useConfirm();
  const busy = respond.isPending || withdraw.isPending || resolve.isPending;
  const error = errorText(respond.error ?? withdraw.error ?? resolve.error);
  const { can } = dispute;
  if (!can.respond && !can.withdraw && !can.resolve) return error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null;
  const failing = dispute.segments.filter((s) => s.failures.length > 0).length;

  return (
    <section className="space-y-2 rounded border border-slate-200 bg-white p-4" aria-label="Your answer">
      {can.respond && (
        <>
          <p className="text-sm text-slate-700">
            Accept to refund the disputed time ({formatCents(dispute.heldCents)}) to the client; it leaves your earnings. Decline to send the dispute to an admin, who
            refunds exactly the segments that fail Hourly Protection and pays you the rest.
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" disabled={busy} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
              onClick={async () => (await confirm({ title: `Refund ${formatCents(dispute.heldCents)} to the client?`, body: "The disputed time leaves your earnings and goes back to the client. This ends the dispute.", confirmLabel: "Refund" })) && respond.mutate("accept")}>
              Accept and refund
            </button>
            <button type="button" disabled={busy} className={`${button} border border-slate-300 hover:bg-slate-50`}
              onClick={async () => (await confirm({ title: "Decline the dispute?", body: "An admin reviews it and refunds exactly the segments that fail Hourly Protection.", confirmLabel: "Decline and escalate", destructive: false })) && respond.mutate("decline")}>
              Decline
            </button>
          </div>
        </>
      )}
      {can.withdraw && (
        <>
          <p className="text-sm text-slate-700">Withdrawing ends the dispute: the disputed time is paid as usual and the contract resumes.</p>
          <button type="button" disabled={busy} className={`${button} border border-red-300 text-red-700 hover:bg-red-50`}
            onClick={async () => (await confirm({ title: "Withdraw this dispute?", body: "The disputed time will be paid to the freelancer.", confirmLabel: "Withdraw" })) && withdraw.mutate()}>
            Withdraw dispute
          </button>
        </>
      )}
      {can.resolve && (
        <>
          <p className="text-sm text-slate-700">
            Resolving refunds the {failing} of {dispute.segments.length} segments that fail Hourly Protection
            {dispute.reviewRefundCents !== null ? ` (${formatCents(dispute.reviewRefundCents)} plus its client fee)` : ""} and pays the rest.
          </p>
          <button type="button" disabled={busy} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
            onClick={async () => (await confirm({ title: `Resolve ${dispute.referenceId}?`, body: `${failing} of ${dispute.segments.length} segments are refunded to the client and the rest paid to the freelancer.`, confirmLabel: "Resolve", destructive: false })) && resolve.mutate()}>
            Resolve dispute
          </button>
        </>
      )}
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {confirmDialog}
    </section>
  );
}
