import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listContracts } from "@/lib/contracts/list-contracts";
import { loadHome } from "@/lib/home/load-home";
import { ContractTable } from "@/components/contract-table";
import { BalanceCards } from "@/components/reports/balance-cards";
import { NeedsYou } from "@/components/home/needs-you";
import { DisputesToAnswer, ToReview } from "@/components/home/to-review";
import { WeekHours } from "@/components/home/week-hours";
import { now } from "@/lib/clock";
import { clientBillingStatus } from "@/lib/client-billing/charge-views";
import { ClientBillingBanner } from "@/components/billing/contract-billing-status";

// What to do first, when there is no contract yet.
const EMPTY = {
  CLIENT: { text: "No contracts yet. Hire a freelancer by sending an offer with the rate and a weekly limit.", href: "/contracts/new", action: "Create a contract" },
  FREELANCER: { text: "No contracts yet. A client's offer appears here to accept. Meanwhile, create a token for the desktop tracker.", href: "/settings/tokens", action: "Create a tracker token" },
  ADMIN: { text: "No contracts on the platform yet.", href: "/contracts/new", action: "Create a contract" },
} as const;

function Section({ title, id, children, action }: { title: string; id: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

const more = (href: string, text: string) => <Link href={href} className="text-sm text-brand-700 hover:underline">{text}</Link>;

export default async function HomePage() {
  const user = await requirePageUser();
  const at = now();
  const [home, contracts, billing] = await Promise.all([loadHome(user, at), listContracts(user, at), user.role === "CLIENT" ? clientBillingStatus(user.id, at) : null]);
  const empty = EMPTY[user.role];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold" data-testid="home-title">Welcome, {user.name}</h1>
      {billing && <ClientBillingBanner status={billing} />}

      <Section title="Needs you" id="home-needs">
        <NeedsYou role={user.role} needs={home.needs} />
      </Section>

      {!home.hasContracts && (
        <div className="rounded border border-dashed border-slate-300 bg-white p-6" data-testid="home-empty">
          <p className="text-slate-700">{empty.text}</p>
          <Link href={empty.href} className="mt-3 inline-block rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{empty.action}</Link>
        </div>
      )}

      {user.role === "FREELANCER" && home.money && (
        <Section title="Your money" id="home-money" action={more("/reports", "Reports")}>
          <BalanceCards cards={[
            { label: "In review", cents: home.money.inReviewCents, hint: "Clients may dispute it until Friday.", testId: "home-in-review" },
            { label: "Pending", cents: home.money.pendingCents, hint: "Available on the Wednesday after review.", testId: "home-pending" },
            { label: "Available", cents: home.money.availableCents, hint: "Yours to withdraw in Get Paid.", testId: "home-available" },
          ]} />
        </Section>
      )}
      {user.role === "FREELANCER" && home.openDisputes.length > 0 && (
        <Section title="Disputes to answer" id="home-disputes" action={more("/disputes", "All disputes")}>
          <DisputesToAnswer disputes={home.openDisputes} />
        </Section>
      )}

      {user.role !== "ADMIN" && home.hasContracts && (
        <Section title={`This week (from Mon ${home.weekStart.slice(0, 10)}, UTC)`} id="home-week" action={more("/diary", "Work Diary")}>
          <WeekHours week={home.week} withLabel={user.role === "CLIENT" ? "Freelancer:" : "Client:"} />
        </Section>
      )}

      {user.role === "CLIENT" && home.hasContracts && (
        <Section title="To review" id="home-review" action={more("/disputes", "Disputes")}>
          <ToReview inReview={home.inReview} disputes={home.openDisputes} />
        </Section>
      )}

      {home.hasContracts && (
        <Section title={user.role === "ADMIN" ? "Every contract" : "All your contracts"} id="home-contracts" action={more("/contracts", "Contracts")}>
          <ContractTable contracts={contracts} viewer={user.role} />
        </Section>
      )}
    </div>
  );
}
