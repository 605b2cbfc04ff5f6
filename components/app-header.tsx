import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";
import { navFor } from "@/lib/navigation";
import { SignOutButton } from "./sign-out-button";
import { Logo } from "./logo";

const ROLE_LABEL = { CLIENT: "Client", FREELANCER: "Freelancer", ADMIN: "Admin" } as const;

export async function AppHeader() {
  const user = await currentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-brand-700">
          <Logo /> Hourglass
        </Link>
        {user && (
          <>
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              {navFor(user.role).map((item) => (
                <Link key={item.href} href={item.href} className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                  {item.label}
                </Link>
              ))}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span data-testid="signed-in-as" className="text-slate-600">
                {user.name} · {ROLE_LABEL[user.role]}
              </span>
              {user.role === "FREELANCER" && (
                <Link href="/settings/tokens" className="text-slate-600 hover:underline">
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
