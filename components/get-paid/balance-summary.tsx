"use client";
import { formatCents } from "@/lib/format/money";
import { useBalances, type BalancesView } from "@/lib/queries/get-paid";

const CARDS = [
  { key: "inReviewCents", label: "In review", hint: "Last week's work, disputable until Friday" },
  { key: "pendingCents", label: "Pending", hint: "The security period before it is available" },
  { key: "availableCents", label: "Available", hint: "Yours to withdraw now" },
  { key: "paidOutCents", label: "Paid out", hint: "Sent to your payout methods" },
] as const;

/** R6.3 where the freelancer's money stands now. */
export function BalanceSummary({ initial }: { initial: BalancesView }) {
  const balances = useBalances(initial);
  const b = balances.data ?? initial;
  return (
    <section aria-labelledby="balances-heading" className="space-y-2">
      <h2 id="balances-heading" className="sr-only">Balances</h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-busy={balances.isFetching}>
        {CARDS.map((c) => (
          <div key={c.key} data-testid={`balance-${c.key.replace("Cents", "")}`} className={`rounded border bg-white p-4 ${c.key === "availableCents" ? "border-brand-500" : "border-slate-200"}`}>
            <dt className="text-sm text-slate-600">{c.label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{formatCents(BigInt(b[c.key]))}</dd>
            <dd className="text-xs text-slate-500">{c.hint}</dd>
          </div>
        ))}
      </dl>
      {BigInt(b.heldCents) > 0n && <p className="text-sm text-amber-800">{formatCents(BigInt(b.heldCents))} is held until a dispute is resolved.</p>}
      {balances.isError && <p role="alert" className="text-sm text-red-700">Could not refresh the balances. <button className="underline" onClick={() => balances.refetch()}>Retry</button></p>}
    </section>
  );
}
