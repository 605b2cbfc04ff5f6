// What a page behind an emailed link shows when the link cannot be used: used, expired or unknown (R16.2).
import Link from "next/link";
import { ApiError } from "@/lib/errors";

export function LinkProblem({ error, title }: { error: unknown; title: string }) {
  if (!(error instanceof ApiError)) throw error;
  return (
    <div className="mx-auto mt-12 max-w-md rounded-lg border border-amber-200 bg-amber-50 p-6" data-testid="link-problem">
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <p className="mb-4 text-slate-700">{error.message}</p>
      <Link href="/sign-in" className="font-medium text-brand-700 underline">Go to sign-in</Link>
    </div>
  );
}

/** The card around a joining form. */
export function AccountCard({ title, intro, children }: { title: string; intro: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">{title}</h1>
      <p className="mb-6 text-sm text-slate-600">{intro}</p>
      {children}
    </div>
  );
}
