import type { Metadata } from "next";
import Link from "next/link";
import { confirmEmail } from "@/lib/accounts/confirm-email";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { LinkProblem } from "@/components/accounts/link-problem";

export const metadata: Metadata = { title: "Confirm your email" };

// R16.1 the link of the confirmation mail. Choice: opening it confirms at once (no second click), as
// most sites do: the link only proves the mailbox, so a mail scanner opening it first does no harm.
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = Array.isArray(raw) ? raw[0] : raw;
  let email: string;
  try {
    if (!token) throw new ApiError("not_found", "This link is incomplete. Open the whole link from the email.");
    ({ email } = await confirmEmail(token, now()));
  } catch (error) {
    return <LinkProblem error={error} title="This confirmation link cannot be used" />;
  }
  return (
    <div className="mx-auto mt-12 max-w-md rounded-lg border border-green-200 bg-green-50 p-6" data-testid="email-confirmed">
      <h1 className="mb-2 text-xl font-semibold">Email confirmed</h1>
      <p className="mb-4 text-slate-700">{email} is confirmed. You can now send offers to freelancers.</p>
      <Link href="/contracts/new" className="font-medium text-brand-700 underline">Create an offer</Link>
    </div>
  );
}
