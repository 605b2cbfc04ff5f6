"use client";
import { useState, type FormEvent } from "react";
import { useRequestPasswordReset } from "@/lib/queries/account";
import { AccountField, FormError, asClientError } from "@/components/account-field";

/** R16.2 asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const error = asClientError(request.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate({ email });
  }

  if (request.data) {
    return <p role="status" data-testid="reset-requested" className="rounded border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">{request.data.message}</p>;
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <AccountField id="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} error={error} />
      <FormError error={error} fields={["email"]} testId="forgot-password-error" />
      <button type="submit" disabled={request.isPending} className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {request.isPending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
