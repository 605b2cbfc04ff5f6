import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/audit/record-audit";
import { notify } from "@/lib/realtime/notify";
import { announceContract, type ContractEvent } from "@/lib/notifications/announce";
import { canManage, contractFor } from "./access";

export type StatusAction = "accept" | "decline" | "withdraw" | "pause" | "resume" | "end";

const FROM: Record<StatusAction, ContractStatus[]> = {
  accept: ["OFFER"],
  decline: ["OFFER"],
  withdraw: ["OFFER"],
  pause: ["ACTIVE"],
  resume: ["PAUSED"],
  end: ["ACTIVE", "PAUSED"],
};
const TO: Record<StatusAction, ContractStatus> = {
  accept: "ACTIVE", decline: "DECLINED", withdraw: "WITHDRAWN", pause: "PAUSED", resume: "ACTIVE", end: "ENDED",
};
const DONE: Record<StatusAction, string> = {
  accept: "accepted", decline: "declined", withdraw: "withdrawn", pause: "paused", resume: "resumed", end: "ended",
};
// R16.4 what each action tells the other side. Choice: a withdrawn offer is no kind of R16.4; the offer leaves the freelancer's list.
const ANNOUNCED: Record<StatusAction, ContractEvent | null> = {
  accept: "offer_accepted", decline: "offer_declined", withdraw: null, pause: "contract_paused", resume: "contract_resumed", end: "contract_ended",
};
const STATE: Record<ContractStatus, string> = {
  OFFER: "is still an offer", ACTIVE: "is active", PAUSED: "is paused", ENDED: "has ended", WITHDRAWN: "was withdrawn", DECLINED: "was declined",
};

type Party = { id: string; status: ContractStatus; freelancerId: string; clientId: string };

/** Whether `actor` (who takes part in the contract, or is an admin) may take `action`, whatever the status. */
function mayTake(actor: CurrentUser, contract: Party, action: StatusAction): boolean {
  if (action === "accept" || action === "decline") return actor.id === contract.freelancerId;
  // Choice: either side may end a running contract, as on Upwork; pausing, resuming and withdrawing stay the client's.
  if (action === "end") return true;
  return canManage(actor, contract);
}

/**
 * `end` on an offer that was never accepted is its withdrawal (client, admin) or its decline (freelancer),
 * so an offer never becomes an "ended contract" that seems to have run.
 */
export function resolveAction(actor: CurrentUser, contract: Party, action: StatusAction): StatusAction {
  if (action !== "end" || contract.status !== "OFFER") return action;
  return actor.id === contract.freelancerId ? "decline" : "withdraw";
}

/** The status actions `actor` can take on the contract now, in the order a page shows them. */
export function availableActions(actor: CurrentUser, contract: Party & { pausedByDispute: boolean; pausedForPastDue?: boolean }): StatusAction[] {
  const order: StatusAction[] = ["accept", "decline", "withdraw", "pause", "resume", "end"];
  return order.filter((a) => {
    if (!FROM[a].includes(contract.status)) return false;
    // R7.2 a contract paused by an open dispute resumes only when the dispute ends; R14.3 one paused for a past-due
    // payment only when the client pays (applyStatus refuses it with 409).
    return !(a === "resume" && (contract.pausedByDispute || contract.pausedForPastDue)) && mayTake(actor, contract, a);
  });
}

/** Inside a transaction that holds the contract row lock. Returns the action applied (see resolveAction). */
export async function applyStatus(
  tx: Prisma.TransactionClient,
  actor: CurrentUser,
  contract: Party & { startsAt: Date },
  requested: StatusAction,
  now: Date,
): Promise<StatusAction> {
  const action = resolveAction(actor, contract, requested);
  if (!mayTake(actor, contract, action)) {
    throw new ApiError("forbidden", action === "accept" || action === "decline" ? `Only the freelancer can ${action} this offer.` : "Only the contract's client or an admin can change it.");
  }
  if (!FROM[action].includes(contract.status)) {
    const hint = action === "withdraw" || action === "decline" ? "; end it instead" : "";
    throw new ApiError("conflict", `This contract ${STATE[contract.status]} and cannot be ${DONE[action]}${hint}.`);
  }
  // A contract can hold two open pauses at once: the client's own and a dispute's (lib/disputes/dispute-pause.ts).
  const openPauses = await tx.contractPause.findMany({ where: { contractId: contract.id, endedAt: null } });
  if (action === "resume" && openPauses.some((p) => p.disputeId)) {
    // R7.2 a dispute keeps the contract paused until it is resolved.
    throw new ApiError("conflict", "This contract is paused by an open dispute; it resumes when the dispute is resolved.");
  }
  // R14.3 a past-due client's contracts stay paused until the charge succeeds (lib/client-billing/past-due.ts).
  if (action === "resume" && openPauses.some((p) => p.reason === "past_due")) {
    throw new ApiError("conflict", "This contract is paused because the client's payment is past due; it resumes once the charge is paid.");
  }
  if (action === "pause") {
    await tx.contractPause.create({ data: { contractId: contract.id, startedAt: now, reason: "Paused by the client" } });
  }
  // Choice: ending a contract during a dispute leaves the dispute's pause to the dispute; it ends when the dispute does.
  const own = openPauses.filter((p) => !p.disputeId && p.reason !== "past_due").map((p) => p.id);
  if ((action === "resume" || action === "end") && own.length > 0) {
    await tx.contractPause.updateMany({ where: { id: { in: own } }, data: { endedAt: now } });
  }
  // Choice: an accepted contract ended before its start date ends at its start (ended_at >= starts_at holds):
  // it never ran, so the close bills nothing for it, not even a prorated weekly payment.
  const endedAt = action === "end" ? new Date(Math.max(now.getTime(), contract.startsAt.getTime())) : undefined;
  // R9.5 the contract is active from its acceptance (the weekly close prorates from the later of this and the start)
  const acceptedAt = action === "accept" ? now : undefined;
  await tx.contract.update({ where: { id: contract.id }, data: { status: TO[action], ...(endedAt ? { endedAt } : {}), ...(acceptedAt ? { acceptedAt } : {}) } });
  await recordAudit(tx, {
    actorId: actor.id, action: `contract.${DONE[action]}`,
    entityType: "contract", entityId: contract.id, before: { status: contract.status }, after: { status: TO[action], ...(endedAt ? { endedAt: endedAt.toISOString() } : {}) }, at: now,
  });
  const announced = ANNOUNCED[action];
  if (announced) await announceContract(tx, contract.id, announced, actor.id);
  return action;
}

/** Accept or decline an offer (freelancer), withdraw it (client, admin), pause or resume (client, admin), end (either side, admin). */
export async function changeStatus(actor: CurrentUser, contractId: string, action: StatusAction, now: Date): Promise<StatusAction> {
  const { applied, parties } = await db().$transaction(async (tx) => {
    const contract = await contractFor(tx, actor, contractId, { forUpdate: true });
    return { applied: await applyStatus(tx, actor, contract, action, now), parties: [contract.clientId, contract.freelancerId] };
  });
  // After commit: the other side's open pages refetch the contract (R16.4 "offer answered, contract paused, resumed or ended").
  await notify(parties.map((userId) => ({ userId, event: "contract-updated" as const, data: { contractId } })));
  return applied;
}
