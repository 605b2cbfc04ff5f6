import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

// R16.2 public: someone who cannot sign in asks for a reset link here.
export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-600">Enter the email of your account. We will send it a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm"><Link href="/sign-in" className="font-medium text-brand-700 underline">Back to sign in</Link></p>
    </div>
  );
}
