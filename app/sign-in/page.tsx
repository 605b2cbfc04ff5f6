import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** This portal's origin as the browser addressed it (Host), for resolving the callback URL. */
async function portalOrigin(): Promise<string> {
  const h = await headers();
  return `${h.get("x-forwarded-proto") === "https" ? "https" : "http"}://${h.get("host") ?? "localhost"}`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).callbackUrl;
  // Never bounce a user to another site after sign-in: a same-origin path or "/".
  const callbackUrl = safeCallbackPath(Array.isArray(raw) ? raw[0] : raw, await portalOrigin());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Hourglass</h1>
      <p className="mb-6 text-sm text-slate-600">Use the email and password of your account.</p>
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-4 text-center text-sm text-slate-600">
        New to Hourglass? <Link href="/sign-up" className="font-medium text-brand-700 underline">Create a client account</Link>
      </p>
    </div>
  );
}
