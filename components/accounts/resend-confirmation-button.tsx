"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-client";

export function ResendConfirmationButton() {
  const resend = useMutation({ mutationFn: () => apiFetch<{ sent: boolean }>("/api/accounts/confirmation", { method: "POST" }) });
  if (resend.isSuccess) return <span>{resend.data.sent ? "Sent. Check your inbox." : "Your email is already confirmed: reload the page."}</span>;
  return (
    <>
      {resend.error && <span role="alert" className="text-red-800">{resend.error.message}</span>}
      <button type="button" onClick={() => resend.mutate()} disabled={resend.isPending} className="rounded border border-amber-400 bg-white px-3 py-1 font-medium hover:bg-amber-100 disabled:opacity-60">
        {resend.isPending ? "Sending…" : "Resend the email"}
      </button>
    </>
  );
}
