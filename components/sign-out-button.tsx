"use client";
import { useSignOut } from "@/lib/queries/session";

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <button
      type="button"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
      className="rounded border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50 disabled:opacity-50"
    >
      {signOut.isPending ? "Signing out…" : "Sign out"}
    </button>
  );
}
