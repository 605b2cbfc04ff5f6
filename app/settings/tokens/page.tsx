import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { TrackerTokenManager } from "@/components/tracker-token-manager";

export const metadata: Metadata = { title: "Tracker" };

export default async function TrackerTokensPage() {
  await requirePageUser(["FREELANCER"]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Tracker</h1>
        <p className="text-slate-600">
          The desktop tracker records your time and screenshots. Sign it in from the computer itself; each computer is listed below.
        </p>
        <p className="mt-2">
          <Link href="/download" className="font-medium text-brand-700 underline">Download the tracker</Link>
        </p>
      </div>
      <TrackerTokenManager />
    </div>
  );
}
