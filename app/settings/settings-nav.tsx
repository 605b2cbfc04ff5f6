"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { settingsSectionsFor } from "./sections";

/** The settings' own sections for this role, the current one marked for screen readers too. */
export function SettingsNav({ role }: { role: "CLIENT" | "FREELANCER" | "ADMIN" }) {
  const path = usePathname();
  return (
    <nav aria-label="Settings" className="flex gap-1 border-b border-slate-200 md:flex-col md:border-b-0 md:border-r md:pr-4">
      {settingsSectionsFor(role).map((item) => {
        const current = path === item.href || path.startsWith(`${item.href}/`);
        return (
          <Link key={item.href} href={item.href} aria-current={current ? "page" : undefined}
            className={`rounded px-3 py-2 text-sm font-medium ${current ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
