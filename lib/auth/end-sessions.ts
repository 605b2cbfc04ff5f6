import "server-only";
import { db } from "@/lib/db/client";

/**
 * Ends every session of the user: each session's JWT carries the user's session version, and
 * currentUser refuses a JWT whose version is not the current one, so a copied cookie dies with
 * sign-out. Used by sign-out, "sign out everywhere" and suspension.
 */
export async function endSessions(userId: string): Promise<void> {
  await db().user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
