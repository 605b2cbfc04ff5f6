import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listBalances } from "@/lib/reports/balances";
import { formatCents } from "@/lib/format/money";

export const metadata: Metadata = { title: "Reports" };

const LABELS: Record<string, string> = {
  FREELANCER_IN_REVIEW: "In review",
  FREELANCER_PENDING: "Pending",
  FREELANCER_AVAILABLE: "Available",
  FREELANCER_HELD: "Held in disputes",
  FREELANCER_PAID_OUT: "Paid out",
  CLIENT_CHARGES: "Charged",
};

export default async function ReportsPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const balances = await listBalances(user);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Reports</h1>
      {balances.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No transactions yet. {user.role === "FREELANCER" ? "Earnings appear here after the first weekly close (Mondays 12:00 UTC)." : "Invoices appear here after the first weekly close (Mondays 12:00 UTC)."}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {balances.map((b) => (
            <div key={b.kind} className="rounded border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-600">{LABELS[b.kind] ?? b.kind}</dt>
              <dd className="text-xl font-semibold">{formatCents(BigInt(b.balanceCents))}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
