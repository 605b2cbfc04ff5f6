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

