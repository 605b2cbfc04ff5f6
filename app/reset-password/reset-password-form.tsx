"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useResetPassword } from "@/lib/queries/account";
import { AccountField, FormError, PASSWORD_HINT, asClientError } from "@/components/account-field";

/** R16.2 the form behind an emailed reset link: a new password, once. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const error = asClientError(reset.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    reset.mutate({ token, password });
  }

  if (reset.isSuccess) {
    return (
      <div role="status" data-testid="password-reset-done" className="space-y-3 text-sm">
        <p className="rounded border border-green-200 bg-green-50 px-3 py-2 text-green-900">Your password was changed, and every session of your account was signed out.</p>
        <p><Link href="/sign-in" className="font-medium text-brand-700 underline">Sign in with your new password</Link></p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {/* for password managers: the account this password belongs to */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <AccountField id="password" label="New password" type="password" autoComplete="new-password" value={password} onChange={setPassword} error={error} hint={PASSWORD_HINT} />
      <FormError error={error} fields={["password"]} testId="reset-password-error" />
      <button type="submit" disabled={reset.isPending} className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {reset.isPending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
