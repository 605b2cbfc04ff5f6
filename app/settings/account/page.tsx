import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { ChangeEmailForm, ChangePasswordForm, OtherSessions } from "./account-forms";

export const metadata: Metadata = { title: "Account" };

// Settings › Account (issue 16): every role keeps its own account here.
export default async function AccountSettingsPage() {
  const user = await requirePageUser();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Account</h1>
        <p className="text-slate-600">Your password, the email you sign in with, and your sessions.</p>
      </div>
      <ChangePasswordForm email={user.email} />
      <ChangeEmailForm email={user.email} />
      <OtherSessions />
    </div>
  );
}
