"use client";
// R8 the client pays a bonus (amount and memo) on an active contract or one that ended within
// 365 days; both parties see the contract's bonuses. Choice: one idempotency key per form
// instance, kept across retries of the same bonus (a double click or a lost answer pays once)
// and renewed only after a bonus was paid, so the next bonus is a new payment.
import { useState, type FormEvent } from "react";
import { formatCents, parseDollars } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { useContractBonuses, usePayBonus } from "@/lib/queries/bonuses";
import { Field, inputClass } from "./field";
import { useConfirm } from "@/components/confirm-dialog";

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function BonusSection({ contractId, canPay }: { contractId: string; canPay: boolean }) {
  const bonuses = useContractBonuses(contractId);
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="bonuses-heading">
      <h2 id="bonuses-heading" className="font-semibold">Bonuses</h2>
      {canPay && <BonusForm contractId={contractId} />}
      {bonuses.data && bonuses.data.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="bonus-list">
          {bonuses.data.map((b) => (
            <li key={b.id} className="flex flex-wrap gap-x-3 py-2">
              <span className="font-medium tabular-nums">{formatCents(b.amountCents)}</span>
              <span>{b.memo}</span>
              <span className="text-slate-500">{day(b.paidAt)} · {b.referenceId} · available {day(b.availableAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        bonuses.isSuccess && <p className="text-sm text-slate-500">No bonuses yet.</p>
      )}
    </section>
  );
}

function BonusForm({ contractId }: { contractId: string }) {
  const pay = usePayBonus(contractId);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [amount, setAmount] = useState("");
  const [memo, setMemo] = useState("");
  const [local, setLocal] = useState<{ amount?: string; memo?: string }>({});
  const [paid, setPaid] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const server = pay.error instanceof ApiClientError ? pay.error.fields : {};
  const amountError = local.amount ?? server.amountCents;
  const memoError = local.memo ?? server.memo;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const cents = parseDollars(amount);
    const errors = {
      ...(Number.isNaN(cents) || cents < 1 ? { amount: "Enter the bonus in dollars, such as 50 or 12.50." } : {}),
      ...(memo.trim() === "" ? { memo: "Say what the bonus is for." } : {}),
    };
    setLocal(errors);
    setPaid(null);
    if (Object.keys(errors).length > 0) return;
    const body = "The client fee is added to it. A paid bonus cannot be taken back.";
    if (!(await confirm({ title: `Pay a bonus of ${formatCents(cents)}?`, body, confirmLabel: `Pay ${formatCents(cents)}`, destructive: false }))) return;
    pay.mutate(
      { amountCents: cents, memo: memo.trim(), idempotencyKey: key },
      {
        onSuccess: ({ bonus }) => {
          setPaid(`Bonus ${bonus.referenceId} of ${formatCents(bonus.amountCents)} paid (client fee ${formatCents(bonus.clientFeeCents)}). The freelancer can use it from ${day(bonus.availableAt)}.`);
          setAmount("");
          setMemo("");
          setKey(crypto.randomUUID());
        },
      },
    );
  }

  const otherError = pay.error && !server.amountCents && !server.memo ? (pay.error instanceof ApiClientError ? pay.error.message : "Something went wrong. Try again.") : null;
  return (
    <form onSubmit={submit} noValidate className="grid max-w-xl gap-3" aria-label="Pay a bonus">
      <Field id="bonus-amount" label="Bonus (USD)" error={amountError} hint="The client fee is added; the service fee comes out of the freelancer's share. Available to them 5 days after payment.">
        <input id="bonus-amount" inputMode="decimal" className={inputClass} value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={Boolean(amountError)} aria-describedby={amountError ? "bonus-amount-error" : undefined} />
      </Field>
      <Field id="bonus-memo" label="What it is for" error={memoError}>
        <input id="bonus-memo" className={inputClass} value={memo} maxLength={500} onChange={(e) => setMemo(e.target.value)} aria-invalid={Boolean(memoError)} aria-describedby={memoError ? "bonus-memo-error" : undefined} />
      </Field>
      <div>
        <button type="submit" disabled={pay.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pay.isPending ? "Paying…" : "Pay bonus"}
        </button>
      </div>
      {paid && <p role="status" className="text-sm text-green-800" data-testid="bonus-paid">{paid}</p>}
      {otherError && <p role="alert" className="text-sm text-red-700">{otherError}</p>}
      {confirmDialog}
    </form>
  );
}
