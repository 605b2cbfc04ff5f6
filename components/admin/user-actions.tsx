"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { useConfirm } from "@/components/confirm-dialog";
import { SecondFactorReset } from "./second-factor-reset";
import { VerifyPaymentDialog } from "./verify-payment-dialog";

export function UserActions({ userId, name, role, paymentVerified, suspended, secondFactor }: { userId: string; name: string; role: string; paymentVerified: boolean; suspended: boolean; secondFactor: boolean }) {
  const router = useRouter();
  const update = useMutation({
    mutationFn: (body: { paymentVerified?: boolean; suspended?: boolean }) => apiFetch<void>(`/api/admin/users/${userId}`, { method: "PATCH", body }),
    onSuccess: () => router.refresh(),
  });
  const [confirm, confirmDialog] = useConfirm();
  // R14.1 verifying by hand asks for a reason first
  const [verifying, setVerifying] = useState(false);
  const suspend = () => confirm({ title: `Suspend ${name}?`, body: "They are signed out of everything at once and cannot sign in until reinstated.", confirmLabel: "Suspend account" });
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {role === "CLIENT" && (
        <button type="button" disabled={update.isPending} onClick={() => (paymentVerified ? update.mutate({ paymentVerified: false }) : setVerifying(true))} className="rounded border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
          {paymentVerified ? "Unverify payment" : "Verify payment"}
        </button>
      )}
      <button type="button" disabled={update.isPending}
        onClick={async () => { if (suspended || (await suspend())) update.mutate({ suspended: !suspended }); }}
        className="rounded border border-red-300 px-2 py-1 text-xs text-red-700 disabled:opacity-50">
        {suspended ? "Reinstate" : "Suspend"}
      </button>
      {secondFactor && <SecondFactorReset userId={userId} name={name} />}
      {update.error && <span role="alert" className="text-xs text-red-700">{update.error instanceof ApiClientError ? update.error.message : "Failed"}</span>}
      {confirmDialog}
      {verifying && <VerifyPaymentDialog userId={userId} name={name} onClose={() => setVerifying(false)} />}
    </div>
  );
}
