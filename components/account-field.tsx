"use client";
// One labelled input of the account forms (forgotten password, reset, Settings › Account), with its field error.
import { ApiClientError } from "@/lib/queries/api-client";

interface AccountFieldProps {
  /** the request field, whose error this input shows */
  id: string;
  /** the element's id when two forms on one page have the same field (ids must be unique for their labels) */
  domId?: string;
  label: string;
  type: "email" | "password";
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  error: ApiClientError | null;
  hint?: string;
}

export function AccountField({ id: field, domId, label, type, autoComplete, value, onChange, error, hint }: AccountFieldProps) {
  const id = domId ?? field;
  const message = error?.fields[field];
  const described = [hint ? `${id}-hint` : "", message ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">{label}</label>
      <input id={id} name={field} type={type} autoComplete={autoComplete} required value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(message)} aria-describedby={described || undefined}
        className="w-full rounded border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>}
      {message && <p id={`${id}-error`} className="mt-1 text-sm text-red-700">{message}</p>}
    </div>
  );
}

/** The request's error when it is not about one field (wrong link, rate limit, network). */
export function FormError({ error, fields, testId }: { error: ApiClientError | null; fields: string[]; testId: string }) {
  if (!error || fields.some((f) => error.fields[f])) return null;
  return <p role="alert" data-testid={testId} className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{error.message}</p>;
}

/** A mutation's error as an ApiClientError (a failed fetch becomes one that says so). */
export function asClientError(error: Error | null): ApiClientError | null {
  if (!error) return null;
  return error instanceof ApiClientError ? error : new ApiClientError(0, "network", "Could not reach the portal. Check your connection and try again.");
}

export const PASSWORD_HINT = "At least 12 characters. A few unrelated words make a strong password that is easy to remember.";
