// Role-aware navigation: one list, read by the header and by the page guards.
import type { Role } from "@/lib/generated/prisma/enums";

export interface NavItem {
  href: string;
  label: string;
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/diary", label: "Work Diary", roles: ["CLIENT", "FREELANCER", "ADMIN"] },
  { href: "/contracts", label: "Contracts", roles: ["CLIENT", "FREELANCER", "ADMIN"] },
  { href: "/disputes", label: "Disputes", roles: ["CLIENT", "FREELANCER"] },
  { href: "/admin/disputes", label: "Disputes", roles: ["ADMIN"] },
  { href: "/reports", label: "Reports", roles: ["CLIENT", "FREELANCER"] },
  { href: "/settings/get-paid", label: "Get Paid", roles: ["FREELANCER"] },
  { href: "/messages", label: "Messages", roles: ["CLIENT", "FREELANCER"] },
  { href: "/admin", label: "Admin", roles: ["ADMIN"] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/**
 * Which of the header's links is the current page (aria-current). Choice: one link at most, the
 * longest href that is the path or a parent of it, so /admin/disputes marks Disputes and not Admin, /reports/transactions
 * marks Reports, and /settings/tokens marks Settings while /settings/get-paid marks Get Paid.
 */
export function currentHref(path: string, hrefs: readonly string[]): string | null {
  let best: string | null = null;
  for (const href of hrefs) if ((path === href || path.startsWith(`${href}/`)) && href.length > (best?.length ?? 0)) best = href;
  return best;
}
