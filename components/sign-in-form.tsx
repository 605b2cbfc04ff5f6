"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useSignIn } from "@/lib/queries/session";
import { ApiClientError } from "@/lib/queries/api-client";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const signIn = useSignIn(callbackUrl);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const error = signIn.error instanceof ApiClientError ? signIn.error : signIn.error ? new ApiClientError(0, "network", "Could not reach the portal. Check your connection and try again.") : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ email, password });
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
      {error && !error.fields.email && !error.fields.password && (
        <p role="alert" data-testid="sign-in-error" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{error.message}</p>
      )}
      <button type="submit" disabled={signIn.isPending || signIn.isSuccess}
        className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {signIn.isPending || signIn.isSuccess ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
