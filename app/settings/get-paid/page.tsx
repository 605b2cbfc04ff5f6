import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listPayoutMethods } from "@/lib/payouts/list-payout-methods";
import { RULES } from "@/lib/config/rules";
import { formatCents } from "@/lib/format/money";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Get Paid" };

const KIND_LABEL = { ACH: "ACH bank transfer", LOCAL_BANK: "Local bank transfer", WIRE: "Wire transfer", INSTANT_CARD: "Instant to card" } as const;

export default async function GetPaidPage() {
  const user = await requirePageUser(["FREELANCER"]);
  const methods = await listPayoutMethods(user);
  const at = now();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Settings › Get Paid</h1>
      <h2 className="text-lg font-semibold">Payout methods</h2>
      {methods.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No payout methods yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
          {methods.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <span className="font-medium">{m.label}</span>
              <span className="text-sm text-slate-600">{KIND_LABEL[m.kind]} ····{m.last4}</span>
              <span className="text-sm text-slate-600">fee {formatCents(RULES.payouts.feeCents[m.kind])}</span>
              {m.isDefault && <span className="rounded bg-brand-100 px-2 py-0.5 text-xs text-brand-700">default</span>}
              {new Date(m.usableFrom) > at && <span className="text-sm text-amber-700">usable from {m.usableFrom.slice(0, 10)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
