"use client";
import { useSignOut } from "@/lib/queries/session";

/** A button that signs out: every session of the account ends (app/api/session DELETE). */
function SignOutControl({ label }: { label: string }) {
  const signOut = useSignOut();
  return (
    <button
      type="button"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
      className="rounded border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50 disabled:opacity-50"
    >
      {signOut.isPending ? "Signing out…" : label}
    </button>
  );
}

export function SignOutButton() {
  return <SignOutControl label="Sign out" />;
}

/**
 * For someone who left a session open elsewhere (a shared computer, a lost phone) or fears a
 * copied cookie. Signing out already ends every session of the account (one session version
 * per user); this says so where a user looks for it.
 */
export function SignOutEverywhere() {
  return (
    <section aria-labelledby="sign-out-everywhere" className="mt-6 space-y-2 rounded border border-slate-200 p-3 text-sm">
      <h2 id="sign-out-everywhere" className="font-medium">Sessions</h2>
      <p className="text-slate-600">Ends this session and every other one of your account, on any device.</p>
      <SignOutControl label="Sign out everywhere" />
    </section>
  );
}
