import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { ConfirmEmailChange } from "./confirm-email-change";

export const metadata: Metadata = { title: "Confirm new email" };

// The page an email-change link opens. Choice: it asks to be signed in as the account that asked for the change
// (sign-in comes back here), so a forwarded link alone cannot move an account to another address.
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Confirm your new email</h1>
      <p className="text-slate-600">Confirm to sign in with the new address from now on. Your old address gets a notice.</p>
      <ConfirmEmailChange token={token} />
    </div>
  );
}
