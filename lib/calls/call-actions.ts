import "server-only";
// R17.1 what the two parties do with a call once it rings: answer, decline, hang up, say their tab is still
// there (heartbeat), read it. Each runs on the call's locked row, first ending it if it already ended by itself
// (ring timed out, a side's tab gone: the lazy sweep), and announces the change after the commit. Anyone who is
// not one of the call's two parties (admins included) finds no call: 404.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { notify } from "@/lib/realtime/notify";
import type { RealtimeEvent } from "@/lib/realtime/client/events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/messages/scope";
import { refundAttempt } from "@/lib/rate-limit/attempts";
import { callAttemptsKey } from "./place-call";
import { callInclude, callUpdated, type CallRow, type CallView } from "./call-view";
import { endCall, endIfOver, lockCall, ringTimeoutMs, viewOf } from "./end-call";
import { selfEnding, type CallEnding } from "./rules";

type Tx = Prisma.TransactionClient;
type Step = { row: CallRow; events?: RealtimeEvent[]; refusal?: ApiError };

const noCall = () => notFound("No such call.");
const over = () => new ApiError("call_ended", "The call has ended.");
const notYourTab = () => new ApiError("not_in_call", "This tab is not in the call; use the tab that placed or answered it.");

/** Runs `step` on the user's call, locked and brought up to date; publishes after the commit, then throws a refusal or answers the call. */
async function onLockedCall(user: CurrentUser, callId: string, now: Date, step: (tx: Tx, row: CallRow) => Promise<Step>): Promise<CallView> {
  return viewOf(await lockedStep(user, callId, now, step));
}

async function lockedStep(user: CurrentUser, callId: string, now: Date, step: (tx: Tx, row: CallRow) => Promise<Step>): Promise<CallRow> {
  if (!isUuid(callId)) throw noCall();
  const result = await db().$transaction(async (tx) => {
    let row = await lockCall(tx, callId, user.id);
    if (!row) return null;
    const events: RealtimeEvent[] = [];
    const ended = await endIfOver(tx, row, now);
    if (ended) {
      row = ended.row;
      events.push(...ended.events);
    }
    const next = await step(tx, row);
    return { ...next, events: [...events, ...(next.events ?? [])] };
  });
  if (!result) throw noCall();
  await notify(result.events);
  if (result.refusal) throw result.refusal;
  return result.row;
}

async function end(tx: Tx, row: CallRow, ending: Omit<CallEnding, "endedAt">, user: CurrentUser, now: Date): Promise<Step> {
  const ended = await endCall(tx, row, { ...ending, endedAt: now }, user.id, now);
  return { row: ended.row, events: ended.events };
}

/** The callee answers from `tabId`; the first tab wins, every other one gets 409 already_answered. */
export async function acceptCall(user: CurrentUser, callId: string, tabId: string, now: Date): Promise<CallView> {
  const view = await onLockedCall(user, callId, now, async (tx, row) => {
    if (row.calleeId !== user.id) return { row, refusal: new ApiError("forbidden", "Only the person called can answer.") };
    if (row.status === "ENDED") return { row, refusal: over() };
    if (row.status === "ACTIVE") return row.calleeTab === tabId ? { row } : { row, refusal: new ApiError("already_answered", "This call was answered in another tab.") };
    const answered = await tx.call.update({
      where: { id: row.id },
      data: { status: "ACTIVE", calleeTab: tabId, answeredAt: now, calleeSeenAt: now },
      include: callInclude,
    });
    return { row: answered, events: [callUpdated(viewOf(answered))] };
  });
  // an answered call does not count against the caller's attempts (place-call.ts), after the answer is announced
  if (view.answeredAt === now.toISOString()) await refundAttempt(callAttemptsKey(view.caller.id), new Date(view.createdAt));
  return view;
}

/** The callee turns a ringing call down. */
export function declineCall(user: CurrentUser, callId: string, now: Date): Promise<CallView> {
  return onLockedCall(user, callId, now, async (tx, row) => {
    if (row.calleeId !== user.id) return { row, refusal: new ApiError("forbidden", "Only the person called can decline.") };
    if (row.status === "ENDED") return row.outcome === "DECLINED" ? { row } : { row, refusal: over() };
    if (row.status === "ACTIVE") return { row, refusal: new ApiError("already_answered", "This call was answered in another tab.") };
    return end(tx, row, { outcome: "DECLINED", reason: "declined" }, user, now);
  });
}

export type HangupReason = "hangup" | "timeout" | "failed";

/**
 * Either party ends the call from its tab in the call. Idempotent: an ended call answers as it ended.
 * Choice: the callee's tabs hanging up while it rings changes nothing (a ringing tab closing must not decline
 * for the callee's other tabs); declining is its own action.
 */
export function hangupCall(user: CurrentUser, callId: string, input: { tabId: string; reason: HangupReason }, now: Date): Promise<CallView> {
  return onLockedCall(user, callId, now, async (tx, row) => {
    if (row.status === "ENDED") return { row };
    const caller = row.callerId === user.id;
    if (row.status === "RINGING") {
      if (!caller) return { row };
      if (input.tabId !== row.callerTab) return { row, refusal: notYourTab() };
      // the caller's own timer ran out (R17.1 missed), the caller's browser failed, or the caller gave up
      if (input.reason === "timeout") return end(tx, row, { outcome: "MISSED", reason: "timeout" }, user, now);
      if (input.reason === "failed") return end(tx, row, { outcome: "FAILED", reason: "failed" }, user, now);
      return end(tx, row, { outcome: "CANCELLED", reason: "cancelled" }, user, now);
    }
    if (input.tabId !== (caller ? row.callerTab : row.calleeTab)) return { row, refusal: notYourTab() };
    if (input.reason === "failed") return end(tx, row, { outcome: "FAILED", reason: "failed" }, user, now);
    return end(tx, row, { outcome: "COMPLETED", reason: "hangup" }, user, now);
  });
}

/**
 * A tab taking part says it is still there: the caller's tab, every ringing tab of the callee, then the
 * answering one. Another tab's beat only reads the call (a ringing tab learns that another one answered).
 */
export function heartbeatCall(user: CurrentUser, callId: string, tabId: string, now: Date): Promise<CallView> {
  if (!isUuid(callId)) return Promise.reject(noCall());
  return (async () => {
    const result = await db().$transaction(async (tx) => {
      const row = await lockCall(tx, callId, user.id);
      if (!row) return null;
      if (row.status === "ENDED") return { row, events: [] };
      const asCaller = row.callerId === user.id && tabId === row.callerTab;
      const asCallee = row.calleeId === user.id && (row.status === "RINGING" || tabId === row.calleeTab);
      // This side is evidently there: seen now, before the other side is judged.
      const seen = { ...(asCaller ? { callerSeenAt: now } : {}), ...(asCallee ? { calleeSeenAt: now } : {}) };
      const ended = await endIfOver(tx, { ...row, ...seen }, now);
      if (ended) return ended;
      if (!asCaller && !asCallee) return { row, events: [] };
      return { row: await tx.call.update({ where: { id: row.id }, data: seen, include: callInclude }), events: [] };
    });
    if (!result) throw noCall();
    await notify(result.events);
    return viewOf(result.row);
  })();
}

/** Ends the user's call if it ended by itself, under its lock; the fresh row. */
async function settle(user: CurrentUser, row: CallRow, now: Date): Promise<CallRow> {
  if (row.status === "ENDED" || !selfEnding(row, now, ringTimeoutMs())) return row;
  return lockedStep(user, row.id, now, async (_tx, fresh) => ({ row: fresh }));
}

/** One call of the user's. */
export async function getCall(user: CurrentUser, callId: string, now: Date): Promise<CallView> {
  if (!isUuid(callId)) throw noCall();
  const row = await db().call.findFirst({ where: { id: callId, OR: [{ callerId: user.id }, { calleeId: user.id }] }, include: callInclude });
  if (!row) throw noCall();
  return viewOf(await settle(user, row, now));
}

/** The user's live (ringing or answered) call, if any: a page loaded mid-ring shows the banner from it. */
export async function currentCall(user: CurrentUser, now: Date): Promise<CallView | null> {
  const rows = await db().call.findMany({
    where: { status: { not: "ENDED" }, OR: [{ callerId: user.id }, { calleeId: user.id }] },
    include: callInclude,
    orderBy: { createdAt: "desc" },
  });
  for (const row of rows) {
    const fresh = await settle(user, row, now);
    if (fresh.status !== "ENDED") return viewOf(fresh);
  }
  return null;
}
