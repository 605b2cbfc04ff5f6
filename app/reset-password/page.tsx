import type { Metadata } from "next";
import Link from "next/link";
import { checkResetLink } from "@/lib/accounts/password-reset";
import { ApiError } from "@/lib/errors";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** The link's account, or why the link no longer works (used, expired, unknown). */
async function linkState(token: string | undefined): Promise<{ email: string } | { problem: string }> {
  if (!token) return { problem: "This link is not valid. Check that you opened the whole link from the email." };
  try {
    return await checkResetLink(token);
  } catch (error) {
    if (error instanceof ApiError) return { problem: error.message };
    throw error;
  }
}

// R16.2 public: the page an emailed reset link opens. Choice: opening it shows a form and changes nothing, so a
// mail scanner that follows links cannot use it up; the password is set by the form's POST.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const state = await linkState(Array.isArray(raw) ? raw[0] : raw);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      {"problem" in state ? (
        <div className="space-y-3 text-sm">
          <p role="alert" data-testid="reset-link-problem" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-red-800">{state.problem}</p>
          <p><Link href="/forgot-password" className="font-medium text-brand-700 underline">Ask for a new link</Link></p>
        </div>
      ) : (
        <>
          <p className="mb-6 text-sm text-slate-600">For {state.email}. Every session of the account will be signed out.</p>
          <ResetPasswordForm token={Array.isArray(raw) ? raw[0]! : raw!} email={state.email} />
        </>
      )}
    </div>
  );
}
