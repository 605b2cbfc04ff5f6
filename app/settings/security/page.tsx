import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { secondFactorStatus } from "@/lib/auth/second-factor-enrolment";
import { SecuritySettings } from "./security-settings";

export const metadata: Metadata = { title: "Security" };

// R16.3 Settings › Security: two-step verification, for every role (required for admins).
export default async function SecurityPage() {
  const user = await requirePageUser();
  const status = await secondFactorStatus(user);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Security</h1>
        <p className="text-slate-600">
          Two-step verification asks for a code from an authenticator app on your phone when you sign in, withdraw money or change a payout method.
        </p>
      </div>
      <SecuritySettings status={status} />
    </div>
  );
}
