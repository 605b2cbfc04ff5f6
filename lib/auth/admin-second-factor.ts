import "server-only";
// R16.3 two-step verification is required for admins: an admin without it is sent to Settings › Security
// right after sign-in (pages) and refused everything else (API) until it is on.
// Choice: in demo and test mode the seeded demo admin (admin@hourglass.test, whose password is published
// in the README anyway) is exempt, so the demo and the e2e suite can sign in as it with the password
// alone; every other admin, and every admin in production, must enrol.
import { appMode } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { hasSecondFactor } from "./second-factor";

export const SECURITY_SETTINGS_PATH = "/settings/security";
/** lib/seed/demo-accounts.ts's admin (lib/seed sits above lib/auth; app/api/account/second-factor/admin-required.int.test.ts checks they agree) */
export const DEMO_ADMIN_EMAIL = "admin@hourglass.test";

/** Whether `user` is an admin who must set up two-step verification before anything else. */
export async function mustEnrolSecondFactor(user: { id: string; role: string; email: string }): Promise<boolean> {
  if (user.role !== "ADMIN") return false;
  if (await hasSecondFactor(db(), user.id)) return false;
  return appMode() === "production" || user.email !== DEMO_ADMIN_EMAIL;
}

// What an admin still has to reach while enrolling: the enrolment itself and the header's unread counts.
const OPEN_WHILE_ENROLLING = [/^\/api\/account\/second-factor(\/|$)/, /^\/api\/notifications\/unread$/, /^\/api\/conversations\/unread$/];

/** Whether an API path stays open to an admin who must still enrol. */
export function openWhileEnrolling(pathname: string): boolean {
  return OPEN_WHILE_ENROLLING.some((pattern) => pattern.test(pathname));
}
