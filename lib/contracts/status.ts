// Contract statuses as people read them. No "server-only": pages, the bonus service and the close share it.
import type { ContractStatus } from "@/lib/generated/prisma/enums";

/** An offer that was never accepted: open (OFFER), or closed as WITHDRAWN (client) or DECLINED (freelancer). */
export const OFFER_STATUSES = ["OFFER", "WITHDRAWN", "DECLINED"] as const satisfies readonly ContractStatus[];

/** A contract the freelancer accepted: it may have tracked time, invoices and bonuses. */
export function wasAccepted(status: ContractStatus): boolean {
  return !(OFFER_STATUSES as readonly ContractStatus[]).includes(status);
}

/** Nothing can change any more. */
export function isClosed(status: ContractStatus): boolean {
  return status === "ENDED" || status === "WITHDRAWN" || status === "DECLINED";
}

export const STATUS_LABEL: Record<ContractStatus, string> = {
  OFFER: "offer",
  ACTIVE: "active",
  PAUSED: "paused",
  ENDED: "ended",
  WITHDRAWN: "offer withdrawn",
  DECLINED: "offer declined",
};
