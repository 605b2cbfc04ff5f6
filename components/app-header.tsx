import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";
import { navFor } from "@/lib/navigation";
import { SignOutButton } from "./sign-out-button";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { UnreadBadge, UNREAD_BADGE_ID } from "./messages/unread-badge";
import { countUnread } from "@/lib/messages/list-conversations";
import { countUnreadNotifications } from "@/lib/notifications/inbox";
import { NotificationBell } from "./notification-bell";

const ROLE_LABEL = { CLIENT: "Client", FREELANCER: "Freelancer", ADMIN: "Admin" } as const;
const LINK = "rounded px-3 py-1.5 text-sm font-medium";
const CURRENT = "bg-brand-50 text-brand-700";
const OTHER = "text-slate-700 hover:bg-slate-100";

export async function AppHeader() {
  const user = await currentUser();
  const unread = user && navFor(user.role).some((item) => item.href === "/messages") ? await countUnread(user) : 0;
  // every header link, for the one marked aria-current (the Settings link covers its sections)
  const hrefs = user ? [...navFor(user.role).map((item) => item.href), "/settings"] : [];
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
                    <NavLink href={item.href} among={hrefs} describedBy={UNREAD_BADGE_ID} className={LINK} currentClassName={CURRENT} otherClassName={OTHER}>
                      {item.label}
                    </NavLink>
                    <UnreadBadge userId={user.id} initialTotal={unread} />
                  </span>
                ) : (
                  <NavLink key={item.href} href={item.href} among={hrefs} className={LINK} currentClassName={CURRENT} otherClassName={OTHER}>
                    {item.label}
                  </NavLink>
                ),
              )}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <NotificationBell userId={user.id} initialUnread={await countUnreadNotifications(user.id)} />
              <span data-testid="signed-in-as" className="text-slate-600">
                {user.name} · {ROLE_LABEL[user.role]}
              </span>
              <NavLink href="/settings" among={hrefs} className="rounded px-2 py-1" currentClassName={CURRENT} otherClassName="text-slate-600 hover:underline">
                Settings
              </NavLink>
              <SignOutButton />
            </div>
          </>
        )}
      </div>
    </header>
  );
}
