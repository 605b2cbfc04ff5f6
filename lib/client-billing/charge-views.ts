import "server-only";
// R14.3 what a client sees of their charges (Settings › Billing), "pay now", and R14.4 the billing
// status of a client as their freelancers see it. The ownership check is in each query's where.
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { requireSecondFactor } from "@/lib/auth/second-factor";
import { transaction } from "@/lib/ledger/db";
import { notify } from "@/lib/realtime/notify";
import { paymentProvider } from "./provider";
import { ProviderUnavailableError } from "./provider-types";
import { NO_METHOD_MESSAGE, settleDeclined, settleSucceeded, startAttempts } from "./charges";

export interface ChargeView {
  id: string;
  referenceId: string;
  kind: "WEEKLY" | "BONUS";
  weekStart: string | null;
  amountCents: number;
  status: "PENDING" | "FAILED" | "PAST_DUE" | "SUCCEEDED" | "WRITTEN_OFF";
  createdAt: string;
  paidAt: string | null;
  nextAttemptAt: string | null;
  pastDueAt: string | null;
  writtenOffAt: string | null;
  invoices: Array<{ id: string; referenceId: string; contractTitle: string; totalCents: number }>;
  attempts: Array<{
    number: number;
    trigger: string;
    startedAt: string;
    outcome: "PROCESSING" | "SUCCEEDED" | "DECLINED" | "UNKNOWN";
    failureMessage: string | null;
    method: { kind: "CARD" | "BANK_ACCOUNT"; brand: string | null; last4: string } | null;
  }>;
}

const PAGE = 20;
const iso = (d: Date | null) => d?.toISOString() ?? null;

async function loadViews(where: { clientId: string; id?: string }, cursor?: string): Promise<ChargeView[]> {
  const rows = await db().charge.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    include: {
      invoices: { orderBy: { referenceId: "asc" }, select: { id: true, referenceId: true, totalChargedCents: true, contract: { select: { title: true } } } },
      chargeAttempts: { orderBy: { number: "asc" } },
    },
  });
  const methodIds = [...new Set(rows.flatMap((r) => r.chargeAttempts.map((a) => a.methodId)).filter((id): id is string => id !== null))];
  const methods = new Map(
    (await db().billingMethod.findMany({ where: { id: { in: methodIds }, clientId: where.clientId }, select: { id: true, kind: true, brand: true, last4: true } })).map((m) => [m.id, m]),
  );
  return rows.map((c) => ({
    id: c.id, referenceId: c.referenceId, kind: c.kind, weekStart: iso(c.weekStart), amountCents: c.amountCents, status: c.status,
    createdAt: c.createdAt.toISOString(), paidAt: iso(c.paidAt), nextAttemptAt: iso(c.nextAttemptAt), pastDueAt: iso(c.pastDueAt), writtenOffAt: iso(c.writtenOffAt),
    invoices: c.invoices.map((i) => ({ id: i.id, referenceId: i.referenceId, contractTitle: i.contract.title, totalCents: i.totalChargedCents })),
    attempts: c.chargeAttempts.map((a) => {
      const m = a.methodId ? methods.get(a.methodId) : undefined;
      return {
        number: a.number, trigger: a.trigger, startedAt: a.startedAt.toISOString(), outcome: a.outcome, failureMessage: a.failureMessage,
        method: m ? { kind: m.kind, brand: m.brand, last4: m.last4 } : null,
      };
    }),
  }));
}

/** R14.3 the client's charges, newest first, 20 a page (`cursor`: the last id of the previous page). Others see none. */
export async function listCharges(user: CurrentUser, opts: { cursor?: string } = {}): Promise<ChargeView[]> {
  if (user.role !== "CLIENT") return [];
  return loadViews({ clientId: user.id }, opts.cursor);
}

async function viewOf(clientId: string, id: string): Promise<ChargeView> {
  const [view] = await loadViews({ clientId, id });
  if (!view) throw notFound("No such charge.");
  return view;
}

/**
 * R14.3 the client pays a failed (or not yet tried) charge at once, on their default method at this moment.
 * 404 for a charge that is not theirs; 422 (field `charge`) when it is paid or written off; 409 while another
 * attempt is in flight; R16.3 the second factor when it is on; a decline is a 422 on `billingMethod` (the
 * attempt stays recorded). A lost answer returns the charge with its attempt UNKNOWN, which the job reconciles.
 * Choice: the charge's state is checked before the second factor, so a code is not used up on a paid charge.
 * Choice: a failed pay-now attempt changes neither the retry schedule nor the count of scheduled failures.
 */
export async function payChargeNow(user: CurrentUser, chargeId: string, now: Date, code?: string): Promise<ChargeView> {
  const charge = user.role === "CLIENT" ? await db().charge.findFirst({ where: { id: chargeId, clientId: user.id } }) : null;
  if (!charge) throw notFound("No such charge.");
  const refuse = (status: string) => {
    if (status === "SUCCEEDED") throw invalid("charge", "This charge is already paid.");
    if (status === "WRITTEN_OFF") throw invalid("charge", "This charge was written off; it can no longer be paid here.");
  };
  refuse(charge.status);
  if (charge.kind === "BONUS") throw invalid("charge", "A declined bonus is not charged again: pay the bonus again instead.");
  await requireSecondFactor(db(), user.id, code);
  const [attempt] = await transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ id: string; reference_id: string; client_id: string; kind: "WEEKLY" | "BONUS"; week_start: Date | null; amount_cents: number; attempts: number; status: string }>>`
      SELECT id::text AS id, reference_id, client_id::text AS client_id, kind::text AS kind, week_start, amount_cents, attempts, status::text AS status
      FROM charges WHERE id = ${charge.id}::uuid FOR UPDATE`;
    refuse(row!.status);
    const started = await startAttempts(tx, [row!], () => "pay_now", now, { keepSchedule: true });
    if (started.length === 0) throw new ApiError("conflict", "A payment of this charge is already in progress.");
    return started;
  });
  const a = attempt!;
  let outcome: Awaited<ReturnType<ReturnType<typeof paymentProvider>["charge"]>> | "unknown";
  if (a.token === null) outcome = { status: "declined", code: "no_method", message: NO_METHOD_MESSAGE };
  else {
    try {
      outcome = await paymentProvider().charge({ token: a.token, amountCents: a.charge.amountCents, currency: "usd", idempotencyKey: a.idempotencyKey, description: `Hourglass ${a.charge.referenceId}` });
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      outcome = "unknown";
    }
  }
  if (outcome === "unknown") {
    await db().chargeAttempt.updateMany({ where: { id: a.attemptId, outcome: "PROCESSING" }, data: { outcome: "UNKNOWN" } });
    return viewOf(user.id, charge.id);
  }
  if (outcome.status === "succeeded") {
    const providerChargeId = outcome.providerChargeId;
    await notify(await transaction((tx) => settleSucceeded(tx, [{ attempt: a, providerChargeId }], now)));
    return viewOf(user.id, charge.id);
  }
  const declined = outcome;
  await transaction((tx) => settleDeclined(tx, a, declined, now));
  throw invalid("billingMethod", `The payment was declined: ${declined.message}`);
}

export interface UnpaidWeek {
  weekStart: string;
  chargeId: string;
  status: "PENDING" | "FAILED" | "PAST_DUE" | "SUCCEEDED" | "WRITTEN_OFF";
  /** R14.4 the freelancer's protected net of that week (matures whatever the client does) */
  protectedNetCents?: number;
  /** R14.4 the net held until the client pays */
  heldNetCents?: number;
}

export interface ClientBillingStatus {
  paymentVerified: boolean;
  pastDue: boolean;
  unpaidWeeks: UnpaidWeek[];
}

/**
 * R5 / R14.3 / R14.4 a client's billing status: payment verified, past due, and the weeks whose charge failed
 * and is not paid yet, with what is protected and what is held. With `contractId`, the figures are that
 * contract's alone (a freelancer sees only their own contract's holds); the caller checks access.
 */
export async function clientBillingStatus(clientId: string, now: Date, opts: { contractId?: string } = {}): Promise<ClientBillingStatus> {
  const [user, charges] = await Promise.all([
    db().user.findUnique({ where: { id: clientId }, select: { paymentVerifiedAt: true } }),
    db().charge.findMany({
      where: { clientId, kind: "WEEKLY", status: { in: ["FAILED", "PAST_DUE"] }, ...(opts.contractId ? { invoices: { some: { contractId: opts.contractId } } } : {}) },
      orderBy: { weekStart: "asc" },
      include: { holds: { where: opts.contractId ? { invoice: { contractId: opts.contractId } } : {}, select: { protectedNetCents: true, heldNetCents: true, status: true } } },
    }),
  ]);
  const pastDue = opts.contractId ? (await db().charge.count({ where: { clientId, status: "PAST_DUE" } })) > 0 : charges.some((c) => c.status === "PAST_DUE");
  return {
    paymentVerified: user?.paymentVerifiedAt != null && user.paymentVerifiedAt <= now,
    pastDue,
    unpaidWeeks: charges.map((c) => {
      const held = c.holds.filter((h) => h.status === "HELD");
      return {
        weekStart: c.weekStart!.toISOString(), chargeId: c.id, status: c.status,
        ...(held.length > 0 ? { protectedNetCents: held.reduce((s, h) => s + h.protectedNetCents, 0), heldNetCents: held.reduce((s, h) => s + h.heldNetCents, 0) } : {}),
      };
    }),
  };
}
