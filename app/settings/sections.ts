// The sections of Settings and who has them: Get Paid and Tracker are a freelancer's, Billing a client's;
// notifications, account and security are everyone's.
type Role = "CLIENT" | "FREELANCER" | "ADMIN";

const SECTIONS: readonly { href: string; label: string; roles?: readonly Role[] }[] = [
  { href: "/settings/get-paid", label: "Get Paid", roles: ["FREELANCER"] },
  { href: "/settings/tokens", label: "Tracker", roles: ["FREELANCER"] },
  { href: "/settings/billing", label: "Billing", roles: ["CLIENT"] },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/account", label: "Account" },
  { href: "/settings/security", label: "Security" },
];

export function settingsSectionsFor(role: Role): { href: string; label: string }[] {
  return SECTIONS.filter((section) => !section.roles || section.roles.includes(role));
}
