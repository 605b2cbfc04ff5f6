import type { ReactNode } from "react";
import { SettingsNav } from "./settings-nav";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { SignOutEverywhere } from "@/components/sign-out-button";

// Settings: the sections the signed-in role has, beside the open one. Each page checks its own role.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <aside className="md:w-48 md:shrink-0">
        <SettingsNav role={user.role} />
        <SignOutEverywhere />
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
