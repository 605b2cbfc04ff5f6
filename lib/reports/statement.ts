import "server-only";
// R12 "an invoice page per reference ID": the invoice, bonus, withdrawal or transfer, from the viewer's side and
// only for a party to it (an entry on the viewer's accounts, checked in the query), else null (404). Stored amounts only.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { formatCents, formatMinutes } from "@/lib/format/money";
import type { TransferType } from "@/lib/generated/prisma/enums";
import { weekEndOf } from "@/lib/billing";
import { viewerOf } from "./list-transactions";
import { statusOf, STATUS_LABELS, type Viewer } from "./history-lines";
import { KIND_LABEL } from "@/lib/payouts/display";

export interface StatementLine {
  label: string;
  /** signed cents from the viewer's side, as a string */
  amountCents: string;
}

export interface Statement {
  referenceId: string;
  kind: "invoice" | "bonus" | "withdrawal" | "transfer" | "charge";
  title: string;
  issuedAt: string;
  viewer: Viewer;
  contractTitle: string | null;
  clientName: string | null;
  freelancerName: string | null;
  /** the work week, for invoices: Monday 00:00 to the next Monday (exclusive), UTC */
  period: { from: string; to: string } | null;
  lines: StatementLine[];
  total: StatementLine;
  status: string | null;
  notes: string[];
}

interface TransferRow {
  id: string;
  reference_id: string;
  type: TransferType;
  description: string;
  created_at: Date;
  contract_id: string | null;
  invoice_id: string | null;
  bonus_id: string | null;
  withdrawal_id: string | null;
  earning_id: string | null;
  mine: bigint;
  kind: string;
}

export async function getStatement(user: CurrentUser, referenceId: string, now: Date): Promise<Statement | null> {
  const viewer = viewerOf(user);
  if (!viewer || referenceId.length > 80) return null;
  const prisma = db();
  // R14.5 a client's charge has its page whether or not it was paid (a failed attempt's line links here too)
  if (viewer === "CLIENT" && referenceId.startsWith("HG-CHG-")) {
    const charge = await chargeStatement(user, referenceId);
    if (charge) return charge;
  }
  // the transfer and the viewer's share of it, only if the viewer has one
  const [t] = await prisma.$queryRaw<TransferRow[]>`
    SELECT t.id::text AS id, t.reference_id, t.type::text AS type, t.description, t.created_at, t.contract_id::text AS contract_id, t.invoice_id::text AS invoice_id,
      t.bonus_id::text AS bonus_id, t.withdrawal_id::text AS withdrawal_id, t.earning_id::text AS earning_id,
      sum(e.amount_cents)::bigint AS mine, min(a.kind::text) AS kind
    FROM ledger_transfers t
    JOIN ledger_entries e ON e.transfer_id = t.id
    -- R14.5 a charge touches two of the client's accounts: their share is the receivable's leg (the amount paid)
    JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid AND a.kind <> 'CLIENT_PAYMENTS'
    WHERE t.reference_id = ${referenceId}
    GROUP BY t.id`;
  if (!t) return null;
  const contract = t.contract_id
    ? await prisma.contract.findUnique({ where: { id: t.contract_id }, select: { title: true, client: { select: { name: true } }, freelancer: { select: { name: true } } } })
    : null;
  const base = {
    referenceId: t.reference_id, issuedAt: t.created_at.toISOString(), viewer, contractTitle: contract?.title ?? null,
    clientName: contract?.client.name ?? null, freelancerName: contract?.freelancer.name ?? null, period: null, notes: [] as string[],
  };

  if (t.invoice_id) return invoiceStatement(user, viewer, t, base, now);

  if (t.bonus_id && t.type === "BONUS") {
    const b = await prisma.bonus.findUniqueOrThrow({ where: { id: t.bonus_id } });
    const fee = viewer === "FREELANCER" ? b.serviceFeeCents : b.clientFeeCents;
    const maturity = await prisma.ledgerMaturity.findUnique({ where: { earningId: t.id } });
    return {
      ...base, kind: "bonus", title: "Bonus",
      lines: [
        { label: `Bonus: ${b.memo}`, amountCents: String(viewer === "FREELANCER" ? b.amountCents : -b.amountCents) },
        { label: viewer === "FREELANCER" ? "Service fee" : "Client fee", amountCents: String(-fee) },
      ],
      total: { label: viewer === "FREELANCER" ? "You receive" : "Total charged", amountCents: t.mine.toString() },
      status: STATUS_LABELS[statusOf(entryFor(t, maturity), viewer, now)],
    };
  }

  if (t.withdrawal_id && viewer === "FREELANCER") {
    const w = await prisma.withdrawal.findFirstOrThrow({ where: { id: t.withdrawal_id, userId: user.id }, include: { method: { select: { kind: true, label: true, last4: true } } } });
    return {
      ...base, kind: "withdrawal", title: "Withdrawal", referenceId: t.reference_id,
      lines: [
        { label: "Withdrawn from your available balance", amountCents: String(-w.amountCents) },
        { label: "Withdrawal fee (kept from the amount)", amountCents: String(w.feeCents) },
      ],
      total: { label: `Sent to ${w.method.label ? `${w.method.label} (${KIND_LABEL[w.method.kind]}, ending ${w.method.last4})` : `${KIND_LABEL[w.method.kind]} ending ${w.method.last4}`}`, amountCents: String(w.netCents) },
      status: w.status === "PAID" ? "Paid" : w.status === "FAILED" ? `Failed${w.failureReason ? `: ${w.failureReason}` : ""}` : "Pending",
      notes: [`Requested ${w.requestedAt.toISOString().slice(0, 16).replace("T", " ")} UTC${w.settledAt ? `, settled ${w.settledAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}.`],
    };
  }

  return {
    ...base, kind: "transfer", title: t.type.charAt(0) + t.type.slice(1).toLowerCase().replace(/_/g, " "),
    lines: [{ label: t.description, amountCents: t.mine.toString() }],
    total: { label: "Total", amountCents: t.mine.toString() },
    status: null,
  };
}

type Base = Omit<Statement, "kind" | "title" | "lines" | "total" | "status">;

const CHARGE_STATUS: Record<string, string> = { PENDING: "Processing", FAILED: "Failed", PAST_DUE: "Past due", SUCCEEDED: "Paid", WRITTEN_OFF: "Written off" };
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** R14.2 one charge of the client (their own: the client is in the query), its invoices and how it was paid. */
async function chargeStatement(user: CurrentUser, referenceId: string): Promise<Statement | null> {
  const charge = await db().charge.findFirst({
    where: { referenceId, clientId: user.id },
    include: {
      invoices: { select: { referenceId: true, totalChargedCents: true, contract: { select: { title: true } } }, orderBy: { referenceId: "asc" } },
      bonuses: { select: { memo: true, amountCents: true, clientFeeCents: true, contract: { select: { title: true } } } },
      chargeAttempts: { orderBy: { number: "asc" } },
    },
  });
  if (!charge) return null;
  const paid = charge.chargeAttempts.find((a) => a.outcome === "SUCCEEDED");
  const method = paid?.methodId ? await db().billingMethod.findFirst({ where: { id: paid.methodId, clientId: user.id }, select: { kind: true, brand: true, last4: true } }) : null;
  const lines: StatementLine[] = [
    ...charge.invoices.map((i) => ({ label: `Invoice ${i.referenceId}: ${i.contract.title}`, amountCents: String(i.totalChargedCents) })),
    ...charge.bonuses.map((b) => ({ label: `Bonus: ${b.contract.title}: ${b.memo}`, amountCents: String(b.amountCents + b.clientFeeCents) })),
  ];
  const by = method ? ` by ${method.brand ?? (method.kind === "CARD" ? "Card" : "Bank account")} •••• ${method.last4}` : "";
  return {
    referenceId: charge.referenceId, kind: "charge", title: "Charge", issuedAt: charge.createdAt.toISOString(), viewer: "CLIENT",
    contractTitle: null, clientName: user.name, freelancerName: null,
    period: charge.weekStart ? { from: charge.weekStart.toISOString(), to: weekEndOf(charge.weekStart).toISOString() } : null,
    lines,
    total: { label: charge.status === "SUCCEEDED" ? `Paid${by}` : "To pay", amountCents: String(charge.amountCents) },
    status: CHARGE_STATUS[charge.status] ?? charge.status,
    notes: charge.chargeAttempts.map((a) => `Attempt ${a.number}, ${utc(a.startedAt)}: ${a.outcome === "SUCCEEDED" ? "paid" : a.outcome === "DECLINED" ? `declined${a.failureMessage ? ` (${a.failureMessage})` : ""}` : "waiting for the provider's answer"}.`),
  };
}

async function invoiceStatement(user: CurrentUser, viewer: Viewer, t: TransferRow, base: Base, now: Date): Promise<Statement> {
  const prisma = db();
  const inv = await prisma.invoice.findUniqueOrThrow({ where: { id: t.invoice_id! } });
  // the viewer's entries on every transfer of this invoice: earnings, refunds (and nothing of anyone else's)
  const mine = await prisma.$queryRaw<Array<{ type: TransferType; reference_id: string; description: string; amount: bigint }>>`
    SELECT t.type::text AS type, t.reference_id, t.description, sum(e.amount_cents)::bigint AS amount
    FROM ledger_transfers t
    JOIN ledger_entries e ON e.transfer_id = t.id
    JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid
    WHERE t.invoice_id = ${inv.id}::uuid AND t.type IN ('HOURLY', 'WEEKLY_PAYMENT', 'REFUND')
    GROUP BY t.id, t.type, t.reference_id, t.description, t.created_at
    ORDER BY t.created_at, t.reference_id`;
  const sign = viewer === "FREELANCER" ? 1 : -1;
  const lines: StatementLine[] = [];
  if (inv.hourlyAmountCents > 0) {
    lines.push({ label: `Hourly: ${formatMinutes(inv.billedMinutes)} at ${formatCents(inv.hourlyRateCents)}/h`, amountCents: String(sign * inv.hourlyAmountCents) });
  }
  if (inv.weeklyPaymentCents > 0) {
    lines.push({ label: `Weekly payment (${inv.weeklyPaymentPercent}% this week)`, amountCents: String(sign * inv.weeklyPaymentCents) });
  }
  if (viewer === "FREELANCER") lines.push({ label: "Service fee", amountCents: String(-inv.serviceFeeCents) });
  else lines.push({ label: "Client fee", amountCents: String(-inv.clientFeeCents) });
  const notes: string[] = [];
  if (inv.overLimitMinutes > 0) notes.push(`${formatMinutes(inv.overLimitMinutes)} over the weekly limit was not billed.`); // R4.2
  let total = 0n;
  for (const m of mine) {
    total += BigInt(m.amount);
    if (m.type === "REFUND") lines.push({ label: `Refund (${m.reference_id})`, amountCents: BigInt(m.amount).toString() });
  }
  const maturity = await prisma.ledgerMaturity.findFirst({ where: { earning: { invoiceId: inv.id, type: "HOURLY" } } });
  const hourly = mine.find((m) => m.type === "HOURLY") ?? mine[0];
  const statusEntry = entryFor({ ...t, type: hourly?.type === "WEEKLY_PAYMENT" ? "WEEKLY_PAYMENT" : "HOURLY" }, maturity);
  return {
    ...base, kind: "invoice", title: "Invoice", referenceId: inv.referenceId,
    period: { from: inv.weekStart.toISOString(), to: weekEndOf(inv.weekStart).toISOString() },
    lines,
    total: { label: viewer === "FREELANCER" ? "Your earnings" : "Total charged", amountCents: total.toString() },
    status: STATUS_LABELS[statusOf(statusEntry, viewer, now)],
    notes,
  };
}

function entryFor(t: Pick<TransferRow, "type" | "reference_id" | "description" | "created_at" | "contract_id" | "mine" | "kind">, m: { stage: "PENDING" | "AVAILABLE"; pendingAt: Date | null; availableAt: Date } | null) {
  return {
    entryId: 0n, createdAt: t.created_at, amount: BigInt(t.mine), account: "", transferType: t.type, referenceId: t.reference_id, description: t.description,
    contractId: t.contract_id, contractTitle: null, balanceAfter: 0n, invoice: null, bonus: null,
    maturity: m ? { stage: m.stage, pendingAt: m.pendingAt, availableAt: m.availableAt } : null, withdrawalStatus: null,
  };
}
