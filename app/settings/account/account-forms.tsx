"use client";
// Settings › Account's three forms: change the password, change the email, sign out of the other sessions.
import { useState, type FormEvent, type ReactNode } from "react";
import { useChangeEmail, useChangePassword, useSignOutOtherSessions } from "@/lib/queries/account";
import { AccountField, FormError, PASSWORD_HINT, asClientError } from "@/components/account-field";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 id={id} className="text-lg font-medium">{title}</h2>
      {children}
    </section>
  );
}

const Done = ({ children, testId }: { children: ReactNode; testId: string }) => (
  <p role="status" data-testid={testId} className="rounded border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">{children}</p>
);

const submitClass = "rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";

export function ChangePasswordForm({ email }: { email: string }) {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const error = asClientError(change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => { setCurrent(""); setNew(""); } });
  }
  return (
    <Section id="change-password" title="Password">
      <form onSubmit={submit} className="max-w-sm space-y-4" noValidate>
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <AccountField id="currentPassword" label="Current password" type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrent} error={error} />
        <AccountField id="newPassword" label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={setNew} error={error} hint={PASSWORD_HINT} />
        <FormError error={error} fields={["currentPassword", "newPassword"]} testId="change-password-error" />
        {change.isSuccess && <Done testId="password-changed">Password changed. Your other sessions were signed out.</Done>}
        <button type="submit" disabled={change.isPending} className={submitClass}>{change.isPending ? "Saving…" : "Change password"}</button>
      </form>
    </Section>
  );
}

export function ChangeEmailForm({ email }: { email: string }) {
  const change = useChangeEmail();
  const [newEmail, setNewEmail] = useState("");
  const [currentPassword, setCurrent] = useState("");
  const error = asClientError(change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ newEmail, currentPassword }, { onSuccess: () => setCurrent("") });
  }
  return (
    <Section id="change-email" title="Email">
      <p className="text-sm text-slate-600">You sign in with <strong data-testid="account-email">{email}</strong>. A new address takes effect once you open the link we send to it.</p>
      <form onSubmit={submit} className="max-w-sm space-y-4" noValidate>
        <AccountField id="newEmail" label="New email" type="email" autoComplete="email" value={newEmail} onChange={setNewEmail} error={error} />
        <AccountField id="currentPassword" domId="email-currentPassword" label="Password" type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrent} error={error} />
        <FormError error={error} fields={["newEmail", "currentPassword"]} testId="change-email-error" />
        {change.data && <Done testId="email-change-sent">We sent a link to {change.data.pendingEmail}. Open it to confirm the new address; until then you keep signing in with {email}.</Done>}
        <button type="submit" disabled={change.isPending} className={submitClass}>{change.isPending ? "Sending…" : "Change email"}</button>
      </form>
    </Section>
  );
}

export function OtherSessions() {
  const signOut = useSignOutOtherSessions();
  const error = asClientError(signOut.error);
  return (
    <Section id="other-sessions" title="Other sessions">
      <p className="text-sm text-slate-600">Signs out every other browser and device signed in to your account. This one stays signed in.</p>
      <FormError error={error} fields={[]} testId="other-sessions-error" />
      {signOut.isSuccess && <Done testId="other-sessions-ended">Every other session was signed out.</Done>}
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}
        className="rounded border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50">
        {signOut.isPending ? "Signing out…" : "Sign out of other sessions"}
      </button>
    </Section>
  );
}
