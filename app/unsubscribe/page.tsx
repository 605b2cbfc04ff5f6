import type { Metadata } from "next";
import Link from "next/link";
import { LinkProblem } from "@/components/accounts/link-problem";
import { readUnsubscribeLink, type UnsubscribeTarget } from "@/lib/notifications/unsubscribe";

export const metadata: Metadata = { title: "Stop these emails" };

// R16.4 the page behind a notification email's "Stop emails like this one" link. Choice: opening it
// changes nothing (mail scanners open links); the button does, as RFC 8058 mail clients' POST does.
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const token = first(params.t);
  let target: UnsubscribeTarget;
  try {
    target = await readUnsubscribeLink(token);
  } catch (error) {
    return <LinkProblem error={error} title="This unsubscribe link cannot be used" />;
  }
  const done = first(params.done) === "1";
  return (
    <div className="mx-auto mt-12 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="unsubscribe">
      {done ? (
        <>
          <h1 className="mb-2 text-xl font-semibold">You will get no more emails about this</h1>
          <p className="mb-4 text-slate-700">
            Emails for “{target.label}” to {target.email} are off. You still see these notifications in the portal. To turn the emails back on, open{" "}
            <Link href="/settings/notifications" className="font-medium text-brand-700 underline">Settings › Notifications</Link>.
          </p>
        </>
      ) : (
        <>
          <h1 className="mb-2 text-xl font-semibold">Stop these emails?</h1>
          <p className="mb-4 text-slate-700">
            {target.email} will get no more emails for “{target.label}”. You will still see these notifications in the portal, and account emails (sign-in, password, invitations) still arrive.
          </p>
          <form method="post" action={`/api/unsubscribe?t=${encodeURIComponent(token ?? "")}`}>
            <input type="hidden" name="from" value="page" />
            <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">Stop these emails</button>
          </form>
        </>
      )}
    </div>
  );
}
