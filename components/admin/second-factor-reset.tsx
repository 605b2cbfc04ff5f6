"use client";
// R16.3 an admin resets the two-step verification of a user locked out of it (lost phone and recovery
// codes): a confirmation, then the admin's own code when the answer asks for it.
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { useConfirm } from "@/components/confirm-dialog";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";

export function SecondFactorReset({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const reset = useMutation({
    mutationFn: (body: { code?: string }) => apiFetch<void>(`/api/admin/users/${userId}/second-factor`, { method: "DELETE", body }),
    onSuccess: () => { setCode(""); router.refresh(); },
  });
  const [confirm, confirmDialog] = useConfirm();
  const failure = reset.error instanceof ApiClientError ? reset.error : null;
  const needsCode = asksForCode(reset.error);
  const start = async () => {
    const sure = await confirm({
      title: `Reset ${name}'s two-step verification?`,
      body: "It is turned off and their recovery codes stop working; they are signed out everywhere and emailed. Do this only once you are sure it is really them who lost their authenticator app.",
      confirmLabel: "Reset two-step verification",
    });
    if (sure) reset.mutate({});
  };
  return (
    <>
      <button type="button" disabled={reset.isPending} onClick={start} className="rounded border border-red-300 px-2 py-1 text-xs text-red-700 disabled:opacity-50">
        Reset two-step verification
      </button>
      {needsCode && (
        <form className="flex w-full flex-wrap items-end justify-end gap-2 text-left" onSubmit={(e) => { e.preventDefault(); reset.mutate({ code }); }}>
          <SecondFactorCodeField id={`reset-code-${userId}`} value={code} onChange={setCode} error={failure} label="Your own verification code" />
          <button type="submit" disabled={reset.isPending} className="rounded bg-red-700 px-3 py-2 text-xs font-medium text-white disabled:opacity-50">Confirm reset</button>
        </form>
      )}
      {failure && !needsCode && <span role="alert" className="text-xs text-red-700">{failure.message}</span>}
      {confirmDialog}
    </>
  );
}
