// Signs the browser in as a user who just proved who they are by a link (an invitation, the setup link):
// the same next-auth grant as POST /api/session hands over after a password check.
import { signIn } from "@/lib/auth/config";
import { authSecret } from "@/lib/auth/secret";
import { createGrant } from "@/lib/auth/grant";
import { LIMITS } from "@/lib/config/limits";

export async function signInAs(userId: string): Promise<void> {
  await signIn("credentials", { grant: createGrant(userId, Date.now() + LIMITS.signInGrantTtlMs, authSecret()), redirect: false });
}
