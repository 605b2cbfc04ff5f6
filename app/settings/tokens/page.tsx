import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { TrackerTokenManager } from "@/components/tracker-token-manager";

export const metadata: Metadata = { title: "Tracker tokens" };

export default async function TrackerTokensPage() {
  await requirePageUser(["FREELANCER"]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Tracker tokens</h1>
        <p className="text-slate-600">
          The desktop tracker signs in with a token. Create one per computer; revoke it if the computer is lost.
        </p>
      </div>
      <TrackerTokenManager />
    </div>
  );
}
