"use client";
// R16.3 the code asked when two-step verification is on: 6 digits from the authenticator app, or a recovery code.
import type { ApiClientError } from "@/lib/queries/api-client";

interface CodeFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** the last answer: its fields.code is shown under the field */
  error: ApiClientError | null;
  label?: string;
  recoveryHint?: boolean;
}

export function SecondFactorCodeField({ id, value, onChange, error, label = "Verification code", recoveryHint = true }: CodeFieldProps) {
  const message = error?.fields.code;
  const hint = recoveryHint
    ? "The 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes."
    : "The 6-digit code your authenticator app shows now.";
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">{label}</label>
      <input id={id} name="code" autoComplete="one-time-code" required value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(message)} aria-describedby={message ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="w-full max-w-xs rounded border border-slate-300 px-3 py-2 font-mono tracking-widest focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>
      {message && <p id={`${id}-error`} className="mt-1 text-sm text-red-700">{message}</p>}
    </div>
  );
}

/** Whether an answer means "ask for the code" (none given, or a wrong one). */
export function asksForCode(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "second_factor_required" || code === "second_factor_invalid";
}
