import "server-only";
import { signIn } from "@/lib/auth/config";
import { authSecret } from "@/lib/auth/secret";
import { createGrant } from "@/lib/auth/grant";
import { LIMITS } from "@/lib/config/limits";

/**
 * After the user's session version was bumped (every session ended), gives the browser that asked a fresh
 * session cookie at the new version, so it stays signed in while every other session is refused.
 */
export async function signInAgain(userId: string): Promise<void> {
  await signIn("credentials", { grant: createGrant(userId, Date.now() + LIMITS.signInGrantTtlMs, authSecret()), redirect: false });
}
