import type { ReactNode } from "react";
import { SettingsNav } from "./settings-nav";
import { SignOutEverywhere } from "@/components/sign-out-button";

// Settings: Get Paid and Tracker side by side. Each page checks its own role.
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <aside className="md:w-48 md:shrink-0">
        <SettingsNav />
        <SignOutEverywhere />
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
