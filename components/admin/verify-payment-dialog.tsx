"use client";
// R14.1 an admin verifies a client's payment by hand only with a reason, which goes to the audit
// log: a native modal <dialog> asking for it, the server's field error shown under the field.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";

export function VerifyPaymentDialog({ userId, name, onClose }: { userId: string; name: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const verify = useMutation({
    mutationFn: (body: { paymentVerified: true; reason: string }) => apiFetch<void>(`/api/admin/users/${userId}`, { method: "PATCH", body }),
    onSuccess: () => { ref.current?.close(); router.refresh(); },
  });
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const server = verify.error instanceof ApiClientError ? verify.error : null;
  const error = server?.fields.reason ?? server?.message ?? (verify.error ? "Could not verify. Try again." : null);
  function submit(event: FormEvent) {
    event.preventDefault();
    verify.mutate({ paymentVerified: true, reason });
  }
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-left text-slate-900 shadow-xl backdrop:bg-slate-900/50">
      <form onSubmit={submit} noValidate className="space-y-4 p-5">
        <h2 id={`${id}-title`} className="text-lg font-semibold">Verify {name}&apos;s payment by hand?</h2>
        <p className="text-sm text-slate-700">Clients are payment verified by a verified card or bank account. Verifying by hand makes their freelancers&apos; segments protected without one.</p>
        <div>
          <label htmlFor={`${id}-reason`} className="mb-1 block text-sm font-medium">Reason</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500}
            aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : `${id}-hint`}
            className="w-full rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-500" />
          {error ? <p id={`${id}-error`} className="mt-1 text-sm text-red-700">{error}</p> : <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">Such as the bank transfer you received. It is kept in the audit log.</p>}
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" onClick={() => ref.current?.close()} className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">Cancel</button>
          <button type="submit" disabled={verify.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">Verify payment</button>
        </div>
      </form>
    </dialog>
  );
}
