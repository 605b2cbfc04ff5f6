// No "server-only" marker: the weekly-close job runs this from plain Node (the demo seed) as well.
// R14.3 a past-due client: every running contract pauses as a dispute pauses it (R7.2: a
// contract_pauses row with reason "past_due", status PAUSED, so the tracker and manual time refuse
// new time) until the charge succeeds; the freelancers are told. R16.4 the client hears of each
// failed charge.
import type { Tx } from "@/lib/ledger/db";
import { formatCents } from "@/lib/format/money";
import { notifyEach, notifyUsers, type NotificationEvents } from "@/lib/notifications/notify-users";

export const PAST_DUE_REASON = "past_due";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Pauses every ACTIVE or PAUSED contract of the client for being past due; the active ones become PAUSED.
 * Choice: a contract the client had paused already gets the past-due pause too, so resuming it waits for the payment.
 * Choice: offers and ended contracts are left alone (they accept no time anyway).
 */
export async function pauseForPastDue(tx: Tx, clientId: string, at: Date): Promise<NotificationEvents> {
  const contracts = await tx.$queryRaw<Array<{ id: string; status: string; title: string; freelancer_id: string }>>`
    SELECT id::text AS id, status::text AS status, title, freelancer_id::text AS freelancer_id FROM contracts
    WHERE client_id = ${clientId}::uuid AND status IN ('ACTIVE', 'PAUSED')
      AND NOT EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = contracts.id AND p.reason = ${PAST_DUE_REASON} AND p.ended_at IS NULL)
    ORDER BY id FOR UPDATE`;
  const events: NotificationEvents = [];
  if (contracts.length === 0) return events;
  await tx.contractPause.createMany({ data: contracts.map((c) => ({ contractId: c.id, startedAt: at, reason: PAST_DUE_REASON })) });
  const active = contracts.filter((c) => c.status === "ACTIVE");
  if (active.length > 0) await tx.contract.updateMany({ where: { id: { in: active.map((c) => c.id) } }, data: { status: "PAUSED" } });
  for (const c of active) {
    events.push(...(await notifyUsers(tx, {
      kind: "contract_paused", userIds: [c.freelancer_id], title: `Contract paused: ${c.title}`,
      body: `“${c.title}” is paused because the client's payment is past due. Time tracked while it is paused is not billed; it resumes once the client pays.`,
      link: `/contracts/${c.id}`,
    })));
  }
  return events;
}

/** R14.3 the client paid what was past due: the past-due pauses end and contracts nothing else holds paused resume. */
export async function resumeAfterPayment(tx: Tx, clientId: string, at: Date): Promise<NotificationEvents> {
  const [still] = await tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM charges WHERE client_id = ${clientId}::uuid AND status = 'PAST_DUE'`;
  if ((still?.n ?? 0) > 0) return [];
  const ended = await tx.$queryRaw<Array<{ contract_id: string }>>`
    UPDATE contract_pauses p SET ended_at = ${at} FROM contracts c
    WHERE p.contract_id = c.id AND c.client_id = ${clientId}::uuid AND p.reason = ${PAST_DUE_REASON} AND p.ended_at IS NULL
    RETURNING p.contract_id::text AS contract_id`;
  if (ended.length === 0) return [];
  const resumed = await tx.$queryRaw<Array<{ id: string; title: string; freelancer_id: string }>>`
    UPDATE contracts c SET status = 'ACTIVE'
    WHERE c.id = ANY(${ended.map((e) => e.contract_id)}::uuid[]) AND c.status = 'PAUSED'
      AND NOT EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = c.id AND p.ended_at IS NULL)
    RETURNING c.id::text AS id, c.title, c.freelancer_id::text AS freelancer_id`;
  const events: NotificationEvents = [];
  for (const c of resumed) {
    events.push(...(await notifyUsers(tx, {
      kind: "contract_resumed", userIds: [c.freelancer_id], title: `Contract resumed: ${c.title}`,
      body: `The client paid: “${c.title}” is active again and tracking is billed again.`, link: `/contracts/${c.id}`,
    })));
  }
  return events;
}

/** R16.4 the clients, at each failed attempt the job made: what failed, and what happens next (one notice each, written together). */
export async function announceChargesFailed(
  tx: Tx,
  failures: ReadonlyArray<{
    charge: { clientId: string; referenceId: string; amountCents: number; weekStart: Date | null };
    message: string;
    nextAttemptAt: Date | null;
    pastDue: boolean;
  }>,
): Promise<NotificationEvents> {
  return notifyEach(tx, failures.map(({ charge: c, ...failure }) => {
    const week = c.weekStart ? ` for the week of ${isoDay(c.weekStart)}` : "";
    const next = failure.pastDue
      ? "Your account is past due: your contracts are paused until it is paid. Pay it from Settings › Billing."
      : failure.nextAttemptAt
        ? `We will try again on ${failure.nextAttemptAt.toISOString().slice(0, 16).replace("T", " ")} UTC, on your default billing method; you can also pay it now from Settings › Billing.`
        : "Pay it from Settings › Billing.";
    return {
      kind: "charge_failed" as const, userIds: [c.clientId], title: `Payment failed: ${formatCents(c.amountCents)}`,
      body: `The charge ${c.referenceId} of ${formatCents(c.amountCents)}${week} failed: ${failure.message} ${next}`,
      link: "/settings/billing",
    };
  }));
}
