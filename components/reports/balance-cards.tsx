// Reports > Overview: the headline figures, one card each.
import { formatCents } from "@/lib/format/money";

export interface BalanceCard {
  label: string;
  cents: string;
  hint: string;
  testId: string;
}

export function BalanceCards({ cards }: { cards: BalanceCard[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {cards.map((c) => (
        <div key={c.testId} className="rounded border border-slate-200 bg-white p-4" data-testid={c.testId}>
          <dt className="text-sm text-slate-600">{c.label}</dt>
          <dd className="text-xl font-semibold tabular-nums">{formatCents(BigInt(c.cents))}</dd>
          <dd className="mt-1 text-xs text-slate-500">{c.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
