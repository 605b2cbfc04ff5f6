import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listDisputes } from "@/lib/disputes/list-disputes";
import { DisputeQueue } from "@/components/disputes/dispute-queue";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Disputes queue" };

export default async function AdminDisputesPage() {
  const user = await requirePageUser(["ADMIN"]);
  const queue = await listDisputes(user, { filter: "queue" }, now());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Disputes queue</h1>
        <Link href="/disputes" className="text-brand-700 underline">All disputes</Link>
      </div>
      {/* R7.3 */}
      <p className="text-sm text-slate-600">
        Disputes the freelancer declined or did not answer within 3 days, oldest deadline first. A review refunds exactly the disputed segments that fail Hourly
        Protection and pays the rest.
      </p>
      <DisputeQueue initial={queue} />
    </div>
  );
}
