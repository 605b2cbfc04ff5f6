import "server-only";
import { cache } from "react";
import { auth } from "./config";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timezone: string;
}

/**
 * The signed-in user, read fresh from the database on each request so that a
 * suspension or role change takes effect at once, whatever the JWT says. A JWT
 * whose session version is behind the user's was ended (sign-out, sign out
 * everywhere, suspension): the same read refuses it, at no extra query.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, timezone: true, suspendedAt: true, sessionVersion: true },
  });
  if (!user || user.suspendedAt || user.sessionVersion !== session.user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, timezone: user.timezone };
});
