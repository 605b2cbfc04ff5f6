import "server-only";
// A call row as the API returns it (CallView), and as the call-updated event announces it.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CallUpdatedEvent } from "@/lib/realtime/client/events";
import { callDurationSeconds } from "./rules";

export interface CallView {
  id: string;
  conversationId: string;
  contractId: string;
  status: "ringing" | "active" | "ended";
  outcome: "completed" | "missed" | "declined" | "busy" | "cancelled" | "failed" | null;
  caller: { id: string; name: string };
  callee: { id: string; name: string };
  callerTab: string;
  calleeTab: string | null;
  createdAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  /** when an unanswered call ends as missed */
  ringUntil: string;
}

export const callInclude = {
  caller: { select: { id: true, name: true } },
  callee: { select: { id: true, name: true } },
} satisfies Prisma.CallInclude;

export type CallRow = Prisma.CallGetPayload<{ include: typeof callInclude }>;

export function toCallView(row: CallRow, ringTimeoutMs: number): CallView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    contractId: row.contractId,
    status: row.status.toLowerCase() as CallView["status"],
    outcome: (row.outcome?.toLowerCase() ?? null) as CallView["outcome"],
    caller: row.caller,
    callee: row.callee,
    callerTab: row.callerTab,
    calleeTab: row.calleeTab,
    createdAt: row.createdAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: callDurationSeconds(row.answeredAt, row.endedAt),
    ringUntil: new Date(row.createdAt.getTime() + ringTimeoutMs).toISOString(),
  };
}

export function callUpdated(view: CallView): { event: "call-updated"; userIds: string[]; data: CallUpdatedEvent } {
  return {
    event: "call-updated",
    userIds: [view.caller.id, view.callee.id],
    data: {
      callId: view.id,
      contractId: view.contractId,
      conversationId: view.conversationId,
      status: view.status,
      outcome: view.outcome,
      callerTab: view.callerTab,
      calleeTab: view.calleeTab,
    },
  };
}
