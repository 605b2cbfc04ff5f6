"use client";
// R10.2 Get Paid Now: choose the amount and the method, see the fee and the net,
// then confirm with the password again. The idempotency key is made once, when the
// amount and method are confirmed for review, and every submit of that review (a
// double click, a retry after a lost answer) sends the same key: the server pays it
// once. The disabled button is only a courtesy; the key is what makes it safe.
import { useRef, useState, type FormEvent } from "react";
import { isPayoutMethodUsable } from "@/lib/billing";
import { centsToInput, formatCents } from "@/lib/format/money";
import { previewWithdrawal } from "@/lib/payouts/withdraw-preview";
import { ApiClientError } from "@/lib/queries/api-client";
import { newIdempotencyKey, useWithdraw, type PayoutMethodView } from "@/lib/queries/get-paid";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";
import { Field, inputClass } from "@/components/contracts/field";
import { dateTime, KIND_LABEL } from "@/lib/payouts/display";
import { WithdrawalStatus } from "./withdrawal-status";

type Review = { amountCents: number; feeCents: number; netCents: number; methodId: string; idempotencyKey: string };

const invalid = (errors: Record<string, string | undefined>, k: string) => ({ "aria-invalid": Boolean(errors[k]), "aria-describedby": errors[k] ? `${k}-error` : undefined });

export function WithdrawForm({ methods, availableCents, now, timeZone }: { methods: PayoutMethodView[]; availableCents: number; now: Date; timeZone: string }) {
  const usable = methods.filter((m) => isPayoutMethodUsable(new Date(m.createdAt), now));
  const [amountText, setAmountText] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const methodId = chosen ?? (usable.find((m) => m.isDefault) ?? usable[0])?.id ?? "";
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [review, setReview] = useState<Review | null>(null);
  // the last reviewed withdrawal of this form, kept after "Back" until one is made
  const [lastReview, setLastReview] = useState<Review | null>(null);
  const [doneId, setDoneId] = useState<string | null>(null);

  if (doneId) {
    return (
      <div className="space-y-3">
        <WithdrawalStatus id={doneId} timeZone={timeZone} />
        <button type="button" onClick={() => { setDoneId(null); setReview(null); setLastReview(null); setAmountText(""); }} className="rounded border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">
          Make another withdrawal
        </button>
      </div>
    );
  }
  const reviewed = review && methods.find((m) => m.id === review.methodId);
  if (review && reviewed) return <ConfirmWithdrawal review={review} method={reviewed} onBack={() => setReview(null)} onDone={setDoneId} />;

  if (methods.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">Add a payout method below to withdraw. A new method can be used 3 days after it is added.</p>;
  }
  if (availableCents <= 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">Nothing is available to withdraw yet. Earnings become available on the Wednesday after their review window.</p>;
  }

  const live = amountText.trim() && methodId ? previewWithdrawal({ amountText, methodId, methods, availableCents, now }) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = previewWithdrawal({ amountText, methodId, methods, availableCents, now });
    if (!checked.ok) return setErrors(checked.fields);
    setErrors({});
    // One key per reviewed amount and method: changing either makes a new one.
    // Choice: going back and reviewing the same amount to the same method keeps the key, so a
    // confirm whose answer was lost cannot be paid a second time by starting over.
    const same = lastReview && lastReview.amountCents === checked.amountCents && lastReview.methodId === checked.methodId;
    const next = { amountCents: checked.amountCents, feeCents: checked.feeCents, netCents: checked.netCents, methodId: checked.methodId, idempotencyKey: same ? lastReview.idempotencyKey : newIdempotencyKey() };
    setReview(next);
    setLastReview(next);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Get Paid Now" className="space-y-4 rounded border border-slate-200 bg-white p-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="methodId" label="Pay to" error={errors.methodId}>
          <select id="methodId" className={inputClass} value={methodId} onChange={(e) => setChosen(e.target.value)} {...invalid(errors, "methodId")}>
            {usable.length === 0 && <option value="">No method is usable yet</option>}
            {methods.map((m) => {
              const ready = usable.includes(m);
              return (
                <option key={m.id} value={m.id} disabled={!ready}>
                  {m.label} · {KIND_LABEL[m.kind]}{ready ? "" : ` (usable from ${dateTime(m.usableFrom, timeZone)})`}
                </option>
              );
            })}
          </select>
        </Field>
        <Field id="amountCents" label="Amount (USD)" error={errors.amountCents} hint={`Up to ${formatCents(availableCents)} available; the method's fee comes out of it.`}>
          <div className="flex gap-2">
            <input id="amountCents" inputMode="decimal" autoComplete="off" className={inputClass} value={amountText} onChange={(e) => setAmountText(e.target.value)} {...invalid(errors, "amountCents")} />
            <button type="button" onClick={() => setAmountText(centsToInput(availableCents))} className="shrink-0 rounded border border-slate-300 px-3 text-sm hover:bg-slate-50">
              All
            </button>
          </div>
        </Field>
      </div>
      {live?.ok && (
        <p data-testid="withdraw-preview" className="text-sm text-slate-700">
          Fee {formatCents(live.feeCents)} · you receive <strong>{formatCents(live.netCents)}</strong>
        </p>
      )}
      <button type="submit" disabled={usable.length === 0} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        Review withdrawal
      </button>
    </form>
  );
}

function ConfirmWithdrawal({ review, method, onBack, onDone }: { review: Review; method: PayoutMethodView; onBack: () => void; onDone: (id: string) => void }) {
  const withdraw = useWithdraw();
  const [password, setPassword] = useState("");
  // Choice: a refused password puts the focus back in the password field, its text selected,
  // so the next attempt is typed at once; the field names the error through aria-describedby.
  const passwordInput = useRef<HTMLInputElement>(null);
  const focusPassword = () => {
    passwordInput.current?.focus();
    passwordInput.current?.select();
  };
  const [localError, setLocalError] = useState<string | null>(null);
  // R16.3 with two-step verification on, the answer asks for a code: the form then shows its field
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const server = withdraw.error instanceof ApiClientError ? withdraw.error : null;
  const passwordError = localError ?? server?.fields.password;
  const otherError = withdraw.error && !server?.fields.password && !server?.fields.code
    ? server && server.status < 500
      ? server.message
      : "No answer from the server, so the withdrawal is not confirmed yet. Press Confirm again: it sends the same request, which is never paid twice."
    : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setLocalError("Enter your password to confirm the withdrawal.");
      return focusPassword();
    }
    setLocalError(null);
    withdraw.mutate({ amountCents: review.amountCents, methodId: review.methodId, password, idempotencyKey: review.idempotencyKey, ...(needsCode ? { code } : {}) }, {
      onSuccess: ({ withdrawal }) => onDone(withdrawal.id),
      onError: (error) => {
        if (error instanceof ApiClientError && error.fields.password) focusPassword();
        if (asksForCode(error)) setNeedsCode(true);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Confirm withdrawal" data-idempotency-key={review.idempotencyKey} className="space-y-4 rounded border border-brand-500 bg-white p-5">
      <h3 className="font-semibold">Confirm your withdrawal</h3>
      <dl data-testid="withdraw-summary" className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-600">Amount</dt>
        <dd className="text-right tabular-nums">{formatCents(review.amountCents)}</dd>
        <dt className="text-slate-600">Fee ({KIND_LABEL[method.kind]})</dt>
        <dd data-testid="withdraw-fee" className="text-right tabular-nums">−{formatCents(review.feeCents)}</dd>
        <dt className="font-medium">You receive</dt>
        <dd data-testid="withdraw-net" className="text-right font-semibold tabular-nums">{formatCents(review.netCents)}</dd>
        <dt className="text-slate-600">To</dt>
        <dd className="text-right">{method.label}</dd>
      </dl>
      <Field id="password" label="Your password" error={passwordError} hint="Asked again for every withdrawal.">
        <input ref={passwordInput} id="password" type="password" autoComplete="current-password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(passwordError)} aria-describedby={passwordError ? "password-error" : undefined} />
      </Field>
      {needsCode && <SecondFactorCodeField id="withdraw-code" value={code} onChange={setCode} error={server} />}
      {otherError && <p role="alert" className="text-sm text-red-700">{otherError}</p>}
      <div className="flex gap-3">
        <button type="submit" disabled={withdraw.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {withdraw.isPending ? "Confirming…" : `Confirm withdrawal of ${formatCents(review.amountCents)}`}
        </button>
        <button type="button" disabled={withdraw.isPending} onClick={onBack} className="rounded border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
          Back
        </button>
      </div>
    </form>
  );
}
