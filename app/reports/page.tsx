import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getOverview } from "@/lib/reports/overview";
import { formatCents, formatMinutes } from "@/lib/format/money";
import { now } from "@/lib/clock";
import { BalanceCards, type BalanceCard } from "@/components/reports/balance-cards";
import { EarningsChart, HoursChart } from "@/components/reports/earnings-chart";

export const metadata: Metadata = { title: "Reports" };

const fmtWeek = (week: string) => new Date(`${week}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

export default async function ReportsOverviewPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const o = (await getOverview(user, now()))!;
  const freelancer = o.viewer === "FREELANCER";
  const cards: BalanceCard[] = freelancer
    ? [
        { label: "In review", cents: o.inReviewCents, hint: "Last week's hours, disputable until Friday", testId: "card-in-review" },
        { label: "Pending", cents: o.pendingCents, hint: Number(o.heldCents) > 0 ? `Security period; ${formatCents(BigInt(o.heldCents))} more held (disputes, or weeks a client has not paid yet)` : "Security period before it is available", testId: "card-pending" },
        { label: "Available", cents: o.availableCents, hint: "Ready to withdraw", testId: "card-available" },
        { label: `Paid out in ${o.year}`, cents: o.yearCents, hint: "Payouts the bank confirmed", testId: "card-paid-out" },
      ]
    : [
        { label: "In review", cents: o.inReviewCents, hint: "Hourly invoices you can still dispute", testId: "card-in-review" },
        // R14.5 invoiced and not yet paid: the weekly charge settles it (Settings › Billing)
        { label: "Owed", cents: o.owedCents, hint: Number(o.owedCents) > 0 ? "Invoiced, not paid yet: see Settings › Billing" : "Nothing unpaid", testId: "card-owed" },
        { label: `Charged in ${o.year}`, cents: o.yearCents, hint: "Net of refunds, fees included", testId: "card-charged" },
        { label: `Refunds in ${o.year}`, cents: o.refundsThisYearCents, hint: "From disputes", testId: "card-refunds" },
      ];
  return (
    <div className="space-y-6">
      <BalanceCards cards={cards} />
      <div className="grid gap-4 lg:grid-cols-2">
        <EarningsChart weeks={o.weeks} title={freelancer ? "Earnings per week (after the service fee)" : "Charges per week (client fee included)"} />
        <HoursChart weeks={o.hours} contracts={o.contracts} />
      </div>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">By contract</h2>
        {o.totals.length === 0 ? (
          <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600" data-testid="reports-empty">
            No money has moved yet. {freelancer ? "Earnings appear after the first weekly close (Mondays 12:00 UTC)." : "Invoices appear after the first weekly close (Mondays 12:00 UTC)."}
          </p>
        ) : (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-sm" data-testid="contract-totals">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Contract</th>
                  <th className="px-3 py-2 text-right font-medium">Invoices</th>
                  <th className="px-3 py-2 text-right font-medium">Hourly</th>
                  <th className="px-3 py-2 text-right font-medium">Weekly payments</th>
                  <th className="px-3 py-2 text-right font-medium">Bonuses</th>
                  <th className="px-3 py-2 text-right font-medium">Refunds</th>
                  <th className="px-3 py-2 text-right font-medium">{freelancer ? "Earned" : "Charged"}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {o.totals.map((c) => (
                  <tr key={c.contractId}>
                    <td className="px-3 py-2">
                      <Link className="text-brand-700 hover:underline" href={`/reports/transactions?contract=${c.contractId}&from=2000-01-01`}>{c.title}</Link>
                    </td>
                    <td className="px-3 py-2 text-right">{c.invoices}</td>
                    <td className="px-3 py-2 text-right">{formatCents(c.hourlyCents)}</td>
                    <td className="px-3 py-2 text-right">{formatCents(c.weeklyPaymentCents)}</td>
                    <td className="px-3 py-2 text-right">{c.bonuses > 0 ? `${formatCents(c.bonusCents)} (${c.bonuses})` : formatCents(0)}</td>
                    <td className="px-3 py-2 text-right">{formatCents(c.refundCents)}</td>
                    <td className="px-3 py-2 text-right font-medium">{formatCents(c.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="px-3 py-2 text-xs text-slate-500">All time, {freelancer ? "after the service fee" : "client fees included"}.</p>
          </div>
        )}
      </section>

      {o.invoices.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Weekly invoices, last 12 weeks</h2>
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-sm" data-testid="recent-invoices">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Week of</th>
                  <th className="px-3 py-2 font-medium">Contract</th>
                  <th className="px-3 py-2 font-medium">Invoice</th>
                  <th className="px-3 py-2 text-right font-medium">Hours billed</th>
                  <th className="px-3 py-2 text-right font-medium">{freelancer ? "Your earnings" : "Charged"}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {o.invoices.map((i) => (
                  <tr key={i.referenceId}>
                    <td className="px-3 py-2">{fmtWeek(i.week)}</td>
                    <td className="px-3 py-2">{i.contractTitle}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      <Link className="text-brand-700 hover:underline" href={`/reports/invoices/${encodeURIComponent(i.referenceId)}`}>{i.referenceId}</Link>
                    </td>
                    <td className="px-3 py-2 text-right">{formatMinutes(i.billedMinutes)}</td>
                    <td className="px-3 py-2 text-right">{formatCents(i.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p className="text-xs text-slate-500">As of {o.asOf.slice(0, 16).replace("T", " ")} UTC.</p>
    </div>
  );
}
