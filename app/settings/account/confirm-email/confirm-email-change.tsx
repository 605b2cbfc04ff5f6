"use client";
import Link from "next/link";
import { useConfirmEmailChange } from "@/lib/queries/account";
import { FormError, asClientError } from "@/components/account-field";

/** Choice: a button, not a GET that confirms on opening, so a mail scanner following the link cannot use it up. */
export function ConfirmEmailChange({ token }: { token: string }) {
  const confirm = useConfirmEmailChange();
  const error = asClientError(confirm.error);
  if (confirm.data) {
    return (
      <div className="space-y-3 text-sm">
        <p role="status" data-testid="email-changed" className="rounded border border-green-200 bg-green-50 px-3 py-2 text-green-900">You now sign in with {confirm.data.email}.</p>
        <p><Link href="/settings/account" className="font-medium text-brand-700 underline">Back to Settings › Account</Link></p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <FormError error={error} fields={[]} testId="confirm-email-error" />
      <button type="button" onClick={() => confirm.mutate(token)} disabled={confirm.isPending}
        className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {confirm.isPending ? "Confirming…" : "Confirm new email"}
      </button>
    </div>
  );
}
