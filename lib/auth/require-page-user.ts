import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentUser, type CurrentUser } from "./current-user";
import { mustEnrolSecondFactor, SECURITY_SETTINGS_PATH } from "./admin-second-factor";

/** For pages: sign-in (and back) when there is no session, 403 for the wrong role. */
export async function requirePageUser(roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  const path = (await headers()).get("x-hourglass-path") ?? "/";
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  // R16.3 an admin without two-step verification is sent to set it up, from every page but that one
  if (!path.startsWith(SECURITY_SETTINGS_PATH) && (await mustEnrolSecondFactor(user))) redirect(SECURITY_SETTINGS_PATH);
  if (roles && !roles.includes(user.role)) forbidden();
  return user;
}
