"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useSignIn } from "@/lib/queries/session";
import { ApiClientError } from "@/lib/queries/api-client";

function SubmitButton({ busy, label }: { busy: boolean; label: string }) {
  return (
    <button type="submit" disabled={busy} className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
      {busy ? "Signing in…" : label}
    </button>
  );
}

function SignInAlert({ message }: { message: string }) {
  return <p role="alert" data-testid="sign-in-error" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const signIn = useSignIn(callbackUrl);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // R16.3 the second step: once the password was right and a code is needed, the form asks for the code
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const error = signIn.error instanceof ApiClientError ? signIn.error : signIn.error ? new ApiClientError(0, "network", "Could not reach the portal. Check your connection and try again.") : null;

  const codeError = error?.code === "second_factor_invalid" || (error?.code === "validation_failed" && error.fields.code) ? error.fields.code : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate(needsCode ? { email, password, code } : { email, password }, {
      onError: (e) => {
        if (e instanceof ApiClientError && e.code === "second_factor_required") setNeedsCode(true);
      },
    });
  }

  if (needsCode) {
    return (
      <form onSubmit={submit} className="space-y-4" noValidate data-testid="second-factor-step">
        <div>
          <label htmlFor="code" className="mb-1 block text-sm font-medium">Verification code</label>
          <p id="code-hint" className="mb-2 text-sm text-slate-600">Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes.</p>
          <input id="code" name="code" inputMode="text" autoComplete="one-time-code" autoFocus required value={code} onChange={(e) => setCode(e.target.value)}
            aria-invalid={Boolean(codeError)} aria-describedby={codeError ? "code-hint code-error" : "code-hint"}
            className="w-full rounded border border-slate-300 px-3 py-2 font-mono tracking-widest focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
          {codeError && <p id="code-error" className="mt-1 text-sm text-red-700">{codeError}</p>}
        </div>
        {error && !codeError && error.code !== "second_factor_required" && <SignInAlert message={error.message} />}
        <SubmitButton busy={signIn.isPending || signIn.isSuccess} label="Verify and sign in" />
      </form>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="mb-1 block text-sm font-medium">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(error?.fields.email)} aria-describedby={error?.fields.email ? "email-error" : undefined}
          className="w-full rounded border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
        {error?.fields.email && <p id="email-error" className="mt-1 text-sm text-red-700">{error.fields.email}</p>}
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(error?.fields.password)} aria-describedby={error?.fields.password ? "password-error" : undefined}
          className="w-full rounded border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
        {error?.fields.password && <p id="password-error" className="mt-1 text-sm text-red-700">{error.fields.password}</p>}
        <p className="mt-1 text-right text-sm"><Link href="/forgot-password" className="text-brand-700 underline">Forgot your password?</Link></p>
      </div>
      {error && !error.fields.email && !error.fields.password && <SignInAlert message={error.message} />}
      <SubmitButton busy={signIn.isPending || signIn.isSuccess} label="Sign in" />
    </form>
  );
}
