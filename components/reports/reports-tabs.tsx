"use client";
// The two views of Reports, as tabs that are plain links.
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/reports", label: "Overview" },
  { href: "/reports/transactions", label: "Transaction History" },
];

export function ReportsTabs() {
  const path = usePathname();
  return (
    <nav aria-label="Reports" className="flex gap-1 border-b border-slate-200 print:hidden">
      {TABS.map((t) => {
        const current = t.href === "/reports" ? path === "/reports" : path.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
