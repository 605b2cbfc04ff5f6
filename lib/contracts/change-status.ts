import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCanManage, contractFor } from "./access";

export type StatusAction = "accept" | "pause" | "resume" | "end";

const FROM: Record<StatusAction, ContractStatus[]> = {
  accept: ["OFFER"],
  pause: ["ACTIVE"],
  resume: ["PAUSED"],
  end: ["OFFER", "ACTIVE", "PAUSED"],
};
const TO: Record<StatusAction, ContractStatus> = { accept: "ACTIVE", pause: "PAUSED", resume: "ACTIVE", end: "ENDED" };

/** Inside a transaction that holds the contract row lock. */
export async function applyStatus(
  tx: Prisma.TransactionClient,
  actor: CurrentUser,
  contract: { id: string; status: ContractStatus; freelancerId: string; clientId: string },
  action: StatusAction,
  now: Date,
): Promise<void> {
  if (action === "accept") {
    if (actor.id !== contract.freelancerId) throw new ApiError("forbidden", "Only the freelancer can accept this offer.");
  } else {
    assertCanManage(actor, contract);
  }
  if (!FROM[action].includes(contract.status)) {
    throw new ApiError("conflict", `A contract that is ${contract.status.toLowerCase()} cannot be ${action === "end" ? "ended" : `${action}d`}.`);
  }
  // A contract can hold two open pauses at once: the client's own and a dispute's (lib/disputes/dispute-pause.ts).
  const openPauses = await tx.contractPause.findMany({ where: { contractId: contract.id, endedAt: null } });
  if (action === "resume" && openPauses.some((p) => p.disputeId)) {
    // R7.2 a dispute keeps the contract paused until it is resolved.
    throw new ApiError("conflict", "This contract is paused by an open dispute; it resumes when the dispute is resolved.");
  }
  if (action === "pause") {
    await tx.contractPause.create({ data: { contractId: contract.id, startedAt: now, reason: "Paused by the client" } });
  }
  // Choice: ending a contract during a dispute leaves the dispute's pause to the dispute; it ends when the dispute does.
  const own = openPauses.filter((p) => !p.disputeId).map((p) => p.id);
  if ((action === "resume" || action === "end") && own.length > 0) {
    await tx.contractPause.updateMany({ where: { id: { in: own } }, data: { endedAt: now } });
  }
  await tx.contract.update({
    where: { id: contract.id },
    data: { status: TO[action], ...(action === "end" ? { endedAt: now } : {}) },
  });
  await recordAudit(tx, {
    actorId: actor.id, action: `contract.${action === "accept" ? "accepted" : action === "end" ? "ended" : `${action}d`}`,
    entityType: "contract", entityId: contract.id, before: { status: contract.status }, after: { status: TO[action] }, at: now,
  });
}

/** Accept an offer (freelancer), or pause, resume, end (client or admin). */
export async function changeStatus(actor: CurrentUser, contractId: string, action: StatusAction, now: Date): Promise<void> {
  await db().$transaction(async (tx) => {
    const contract = await contractFor(tx, actor, contractId, { forUpdate: true });
    await applyStatus(tx, actor, contract, action, now);
  });
}
