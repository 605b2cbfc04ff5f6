// /device - the signed-in freelancer confirms a tracker's sign-in code (RFC 8628 3.3) and approves or denies it.
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { findDeviceAuthorization, DEVICE_REFUSALS, type PendingDevice } from "@/lib/tracker-devices/decide-device-authorization";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";
import { DeviceApproval } from "./device-approval";

export const metadata: Metadata = { title: "Sign in a tracker" };

export default async function DevicePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  // Signed out: sign-in, then back here with the code (requirePageUser keeps the path and query).
  const user = await requirePageUser();
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  let pending: PendingDevice | null = null;
  let refusal: string | null = null;
  // Choice: a client or an admin is told plainly to sign in as the freelancer, rather than shown a bare 403.
  if (user.role !== "FREELANCER") refusal = DEVICE_REFUSALS.role;
  else if (code) {
    try {
      pending = await findDeviceAuthorization(user, code, now());
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refusal = error.message;
    }
  }
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Sign in a tracker</h1>
        <p className="text-slate-600">
          Your desktop tracker shows a code. Confirm it here to let that computer track time for you as {user.name}.
        </p>
      </div>
      <DeviceApproval code={code} pending={pending} refusal={refusal} canApprove={user.role === "FREELANCER"} />
    </div>
  );
}
