import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentUser, type CurrentUser } from "./current-user";

/** For pages: sign-in (and back) when there is no session, 403 for the wrong role. */
export async function requirePageUser(roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-hourglass-path") ?? "/";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (roles && !roles.includes(user.role)) forbidden();
  return user;
}
