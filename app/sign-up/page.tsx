import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { JoinForm } from "@/components/accounts/join-form";
import { AccountCard } from "@/components/accounts/link-problem";

export const metadata: Metadata = { title: "Sign up" };

// R16.1 clients sign up here; freelancers join from an invitation.
export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <AccountCard title="Create a client account" intro="Hire freelancers by the hour. Freelancers join from the invitation their client sends.">
      <JoinForm endpoint="/api/accounts/sign-up" submitLabel="Create account" />
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account? <Link href="/sign-in" className="font-medium text-brand-700 underline">Sign in</Link>
      </p>
    </AccountCard>
  );
}
