"use client";
// The forms of joining (sign-up, an invitation, the first admin): name, email (unless the link fixes it)
// and a new password; field errors under their fields, anything else above the button.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { Field, inputClass } from "@/components/contracts/field";

interface Props {
  endpoint: string;
  /** sent with the fields, e.g. the link's token */
  extra?: Record<string, string>;
  /** shown read-only when the link fixes the address */
  fixedEmail?: string;
  submitLabel: string;
}

type Answer = { message?: string; next?: string };

export function JoinForm({ endpoint, extra = {}, fixedEmail, submitLabel }: Props) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const join = useMutation({
    mutationFn: () => apiFetch<Answer>(endpoint, { method: "POST", body: { ...extra, name, ...(fixedEmail ? {} : { email }), password } }),
    // a full page load: the session cookie was just set, and nothing of the signed-out page may stay
    onSuccess: (answer) => {
      if (answer.next) window.location.href = answer.next;
    },
  });
  const error = join.error instanceof ApiClientError ? join.error : join.error ? new ApiClientError(0, "network", "Could not reach the portal. Check your connection and try again.") : null;
  const fields = error?.fields ?? {};

  if (join.data?.message) {
    return <p role="status" data-testid="join-done" className="rounded border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">{join.data.message}</p>;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    join.mutate();
  }

  const described = (field: string) => ({ "aria-invalid": Boolean(fields[field]), "aria-describedby": fields[field] ? `${field}-error` : undefined });
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field id="name" label="Your name" error={fields.name}>
        <input id="name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} className={inputClass} {...described("name")} />
      </Field>
      <Field id="email" label="Email" error={fields.email}>
        {fixedEmail ? (
          <input id="email" name="email" type="email" autoComplete="username" value={fixedEmail} readOnly className={`${inputClass} bg-slate-50`} />
        ) : (
          <input id="email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} {...described("email")} />
        )}
      </Field>
      <Field id="password" label="Password" error={fields.password} hint="At least 12 characters; a few unrelated words make a strong one.">
        <input id="password" name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={inputClass} {...described("password")} />
      </Field>
      {error && Object.keys(fields).length === 0 && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{error.message}</p>
      )}
      <button type="submit" disabled={join.isPending || join.isSuccess} className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {join.isPending || join.isSuccess ? "Please wait…" : submitLabel}
      </button>
    </form>
  );
}
