import "server-only";
// R7.2 filing a dispute pauses the contract until the dispute is resolved. The pause is a
// contract_pauses row carrying the dispute's id, so everything that already honours pauses
// honours it too: tracker ingest and manual time refuse time (R2.7), the tracker profile
// hides the contract, and the weekly close pays no weekly payment for a week it touches (R9.4).
import { recordAudit } from "@/lib/audit/record-audit";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import type { Tx } from "@/lib/ledger/db";

interface PauseTarget {
  contractId: string;
  disputeId: string;
  disputeRef: string;
  /** who caused it (the filing client; the freelancer, admin or client who ended the dispute); null for a job */
  actorId: string | null;
}

/** Locks the contract row first, so a dispute and a client's pause/resume/end of one contract take turns. */
async function lockContract(tx: Tx, contractId: string): Promise<ContractStatus | null> {
  const [row] = await tx.$queryRaw<Array<{ status: ContractStatus }>>`SELECT status::text AS status FROM contracts WHERE id = ${contractId}::uuid FOR UPDATE`;
  return row?.status ?? null;
}

/**
 * R7.2 pauses the contract for the dispute: an open pause row and, if it was active, status PAUSED.
 * Choice: an ended contract gets no pause (it accepts no time anyway, and resuming it would be wrong).
 * Choice: a contract the client had already paused keeps that pause as well; the two are ended separately.
 */
export async function pauseForDispute(tx: Tx, target: PauseTarget, now: Date): Promise<void> {
  const status = await lockContract(tx, target.contractId);
  if (status === null || status === "ENDED") return;
  await tx.contractPause.create({ data: { contractId: target.contractId, startedAt: now, reason: `Dispute ${target.disputeRef}`, disputeId: target.disputeId } });
  if (status === "ACTIVE") await tx.contract.update({ where: { id: target.contractId }, data: { status: "PAUSED" } });
  if (target.actorId) {
    await recordAudit(tx, {
      actorId: target.actorId, action: "contract.paused_by_dispute", entityType: "contract", entityId: target.contractId,
      before: { status }, after: { status: status === "ACTIVE" ? "PAUSED" : status, dispute: target.disputeRef }, at: now,
    });
  }
}

/**
 * R7.2 the dispute is over (accepted, reviewed or withdrawn): its pause ends. The contract becomes
 * active again only if nothing else holds it paused.
 * Choice: a pause the client made themselves (before filing) survives the dispute; the client resumes it.
 * Choice: escalation to admin review does not end the pause; only a resolution or a withdrawal does.
 */
export async function resumeAfterDispute(tx: Tx, target: PauseTarget, now: Date): Promise<void> {
  const status = await lockContract(tx, target.contractId);
  const ended = await tx.contractPause.updateMany({ where: { disputeId: target.disputeId, endedAt: null }, data: { endedAt: now } });
  if (status === null || ended.count === 0) return;
  const stillPaused = await tx.contractPause.count({ where: { contractId: target.contractId, endedAt: null } });
  const resume = status === "PAUSED" && stillPaused === 0;
  if (resume) await tx.contract.update({ where: { id: target.contractId }, data: { status: "ACTIVE" } });
  if (target.actorId) {
    await recordAudit(tx, {
      actorId: target.actorId, action: resume ? "contract.resumed_after_dispute" : "contract.dispute_pause_ended", entityType: "contract", entityId: target.contractId,
      before: { status }, after: { status: resume ? "ACTIVE" : status, dispute: target.disputeRef }, at: now,
    });
  }
}
