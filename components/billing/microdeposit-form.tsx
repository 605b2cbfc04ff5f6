"use client";
// R14.1 a bank account is verified when the client enters the two micro-deposit amounts (1-99 cents
// each); at most 3 attempts, shown as they run down.
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/queries/api-client";
import { useConfirmMicrodeposits, type BillingMethodView } from "@/lib/queries/billing-methods";
import { microdepositsSchema } from "@/lib/validation/billing-methods";
import { fieldErrors } from "@/lib/validation/payouts";
import { inputClass } from "@/components/contracts/field";

export function MicrodepositForm({ method }: { method: BillingMethodView }) {
  const confirm = useConfirmMicrodeposits();
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const server = confirm.error instanceof ApiClientError ? confirm.error : null;
  const error = localError ?? server?.fields.amounts ?? server?.fields["amounts.0"] ?? server?.fields["amounts.1"] ?? server?.message ?? (confirm.error ? "Could not check the amounts. Try again." : null);
  const left = method.microdepositAttemptsLeft ?? 0;
  const errorId = `md-${method.id}-error`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const amounts = [first, second].map((v) => (v.trim() === "" ? NaN : Number(v.trim())));
    const checked = microdepositsSchema.safeParse({ amounts });
    if (!checked.success) return setLocalError(Object.values(fieldErrors(checked.error))[0] ?? "Enter the two amounts, in cents.");
    setLocalError(null);
    confirm.mutate({ id: method.id, amounts: checked.data.amounts });
  }

  const input = (label: string, value: string, set: (v: string) => void, n: number) => (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <span className="flex items-center gap-1">
        <input id={`md-${method.id}-${n}`} className={`${inputClass} w-20`} inputMode="numeric" value={value} onChange={(e) => set(e.target.value)}
          aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} />
        <span className="text-slate-500">cents</span>
      </span>
    </label>
  );

  return (
    <form onSubmit={submit} noValidate aria-label={`Verify bank account ••••${method.last4}`} className="mt-2 w-full rounded bg-slate-50 p-3">
      <p className="text-sm text-slate-700">We sent two small deposits to this account. Enter their amounts to verify it ({left} {left === 1 ? "attempt" : "attempts"} left).</p>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        {input("First deposit", first, setFirst, 1)}
        {input("Second deposit", second, setSecond, 2)}
        <button type="submit" disabled={confirm.isPending} className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {confirm.isPending ? "Checking…" : "Verify account"}
        </button>
      </div>
      {error && <p id={errorId} role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
    </form>
  );
}
