// Home, the client's: last week's billed time while it can still be disputed (R7.1), each a
// link to that week in the Work Diary, and the disputes they filed that are not settled.
import Link from "next/link";
import { formatMinutes } from "@/lib/format/money";
import { dateTime, payoutDay } from "@/lib/payouts/display";
import type { OpenDispute, WeekInReview } from "@/lib/home/load-home";

function disputeState(d: OpenDispute): string {
  if (d.awaitingAdminReview) return "with an admin for review";
  return `awaiting the freelancer's answer until ${payoutDay(d.respondBy)}`;
}

export function ToReview({ inReview, disputes }: { inReview: WeekInReview[]; disputes: OpenDispute[] }) {
  if (inReview.length === 0 && disputes.length === 0) {
    return <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600" data-testid="review-nothing">Nothing to review: no billed week is in its review window.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
      {inReview.map((r) => (
        <li key={r.contractId} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3" data-testid="review-week">
          <span>
            <Link href={`/diary?contract=${r.contractId}&day=${r.weekStart.slice(0, 10)}`} className="font-medium text-brand-700 hover:underline">{r.title}</Link>
            <span className="text-sm text-slate-600">: {r.withName}, week of {r.weekStart.slice(0, 10)}, {formatMinutes(r.billedMinutes)} billed</span>
          </span>
          <span className="text-xs text-slate-500">disputable until {payoutDay(r.reviewEndsAt)} 23:59 UTC</span>
        </li>
      ))}
      {disputes.map((d) => (
        <li key={d.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3" data-testid="review-dispute">
          <Link href={`/disputes/${d.id}`} className="font-medium text-brand-700 hover:underline">Dispute {d.referenceId}</Link>
          <span className="text-sm text-slate-600">{d.contractTitle}: {disputeState(d)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The freelancer's: disputes awaiting their answer (R7.3), soonest deadline first. */
export function DisputesToAnswer({ disputes }: { disputes: OpenDispute[] }) {
  if (disputes.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 rounded border border-amber-300 bg-white">
      {disputes.map((d) => (
        <li key={d.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3" data-testid="answer-dispute">
          <Link href={`/disputes/${d.id}`} className="font-medium text-brand-700 hover:underline">Dispute {d.referenceId}</Link>
          <span className="text-sm text-slate-600">{d.contractTitle}: answer by {dateTime(d.respondBy, "UTC")} UTC, or it goes to an admin</span>
        </li>
      ))}
    </ul>
  );
}
