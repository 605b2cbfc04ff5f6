import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";
import { navFor } from "@/lib/navigation";
import { SignOutButton } from "./sign-out-button";
import { Logo } from "./logo";
import { UnreadBadge, UNREAD_BADGE_ID } from "./messages/unread-badge";
import { countUnread } from "@/lib/messages/list-conversations";

const ROLE_LABEL = { CLIENT: "Client", FREELANCER: "Freelancer", ADMIN: "Admin" } as const;

export async function AppHeader() {
  const user = await currentUser();
  const unread = user && navFor(user.role).some((item) => item.href === "/messages") ? await countUnread(user) : 0;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-brand-700">
          <Logo /> Hourglass
        </Link>
        {user && (
          <>
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              {navFor(user.role).map((item) =>
                item.href === "/messages" ? (
                  // The badge sits beside the link (described by it), so the link's name stays "Messages".
                  <span key={item.href} className="relative inline-flex">
                    <Link href={item.href} aria-describedby={UNREAD_BADGE_ID} className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                      {item.label}
                    </Link>
                    <UnreadBadge userId={user.id} initialTotal={unread} />
                  </span>
                ) : (
                  <Link key={item.href} href={item.href} className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                    {item.label}
                  </Link>
                ),
              )}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span data-testid="signed-in-as" className="text-slate-600">
                {user.name} · {ROLE_LABEL[user.role]}
              </span>
              {user.role === "FREELANCER" && (
                <Link href="/settings" className="text-slate-600 hover:underline">
                  Settings
                </Link>
              )}
              <SignOutButton />
            </div>
          </>
        )}
      </div>
    </header>
  );
}
