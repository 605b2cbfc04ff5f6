"use client";
import Link from "next/link";
import { useState } from "react";
import { useDeviceDecision } from "@/lib/queries/device-sign-in";
import { ApiClientError } from "@/lib/queries/api-client";
import type { PendingDevice } from "@/lib/tracker-devices/decide-device-authorization";

interface Props {
  code: string;
  pending: PendingDevice | null;
  refusal: string | null;
  canApprove: boolean;
}

/** Step 1 enters the code (a plain GET form, so /device?code=... is the same page); step 2 names the device and decides. */
export function DeviceApproval({ code, pending, refusal, canApprove }: Props) {
  const decide = useDeviceDecision();
  const [deviceName, setDeviceName] = useState(pending?.deviceName ?? "");
  const error = decide.error instanceof ApiClientError ? (decide.error.fields.deviceName ?? decide.error.message) : decide.error ? "Could not send your answer. Try again." : null;

  if (decide.data?.status === "APPROVED") {
    return (
      <div role="status" className="rounded border border-brand-500 bg-brand-50 p-4">
        <p className="font-medium">“{decide.data.deviceName}” is signed in.</p>
        <p className="mt-1 text-slate-700">Go back to your tracker: it picks up its sign-in within a few seconds. You can revoke it any time in <Link href="/settings/tokens" className="underline">Settings › Tracker</Link>.</p>
      </div>
    );
  }
  if (decide.data?.status === "DENIED") {
    return (
      <div role="status" className="rounded border border-slate-300 bg-white p-4">
        <p className="font-medium">Sign-in denied.</p>
        <p className="mt-1 text-slate-700">That tracker was not signed in. If you did not start it, nothing else is needed.</p>
      </div>
    );
  }

  if (!pending) {
    return (
      <div className="space-y-4">
        {refusal && <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">{refusal}</p>}
        {canApprove && (
          <form method="get" action="/device" className="space-y-3 rounded border border-slate-200 bg-white p-4">
            <div>
              <label htmlFor="device-code" className="mb-1 block text-sm font-medium">Code shown by your tracker</label>
              <input id="device-code" name="code" defaultValue={code} placeholder="BCDF-GHJK" autoComplete="off" autoCapitalize="characters" spellCheck={false}
                required maxLength={20} className="w-full rounded border border-slate-300 px-3 py-2 font-mono text-lg uppercase tracking-widest" />
            </div>
            <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">Continue</button>
          </form>
        )}
      </div>
    );
  }

  const send = (decision: "approve" | "deny") => decide.mutate({ userCode: pending.userCode, decision, deviceName: deviceName.trim() || undefined });
  return (
    <form onSubmit={(e) => { e.preventDefault(); send("approve"); }} className="space-y-4 rounded border border-slate-200 bg-white p-4" noValidate>
      <div>
        <p className="text-sm font-medium text-slate-600">Code</p>
        <p data-testid="device-user-code" className="font-mono text-3xl tracking-widest">{pending.userCode}</p>
        <p className="mt-1 text-sm text-slate-600">Check that your tracker shows this same code. If it does not, or you did not start a sign-in, choose Deny.</p>
      </div>
      <div>
        <label htmlFor="device-name" className="mb-1 block text-sm font-medium">Device name</label>
        <input id="device-name" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} maxLength={80}
          aria-describedby="device-name-hint" className="w-full rounded border border-slate-300 px-3 py-2" />
        <p id="device-name-hint" className="mt-1 text-sm text-slate-600">Settings › Tracker lists the computer under this name.</p>
      </div>
      {error && <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">{error}</p>}
      <div className="flex gap-3">
        <button type="submit" disabled={decide.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">Approve</button>
        <button type="button" disabled={decide.isPending} onClick={() => send("deny")} className="rounded border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60">Deny</button>
      </div>
    </form>
  );
}
