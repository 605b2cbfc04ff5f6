import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listDisputes } from "@/lib/disputes/list-disputes";
import { DISPUTE_FILTERS, type DisputeFilter } from "@/lib/validation/dispute-filters";
import { DisputeList } from "@/components/disputes/dispute-list";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Disputes" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// /disputes?filter=open|closed&contract=<id>: the viewer's disputes (an admin's: all)
export default async function DisputesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const search = await searchParams;
  const wanted = typeof search.filter === "string" ? search.filter : "all";
  const filter: DisputeFilter = wanted !== "queue" && (DISPUTE_FILTERS as readonly string[]).includes(wanted) ? (wanted as DisputeFilter) : "all";
  const contractId = typeof search.contract === "string" && UUID.test(search.contract) ? search.contract : null;
  const disputes = await listDisputes(user, { filter, contractId: contractId ?? undefined }, now());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Disputes</h1>
        {user.role === "ADMIN" && <Link href="/admin/disputes" className="text-brand-700 underline">Review queue</Link>}
        {user.role === "CLIENT" && <p className="text-sm text-slate-600">To dispute time, select billed segments of a week in review in the <Link href="/diary" className="text-brand-700 underline">Work Diary</Link>.</p>}
      </div>
      {contractId && <p className="text-sm">Disputes of one contract. <Link href="/disputes" className="text-brand-700 underline">Show all</Link></p>}
      <DisputeList filter={filter} contractId={contractId} initial={disputes} />
    </div>
  );
}
