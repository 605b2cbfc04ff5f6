// POST /api/session - sign in with email and password (rate limited), and { code } when two-step verification is on
// DELETE /api/session - sign out (ends every session of the account)
import { NextResponse, type NextRequest } from "next/server";
import { signIn, signOut } from "@/lib/auth/config";
import { authSecret } from "@/lib/auth/secret";
import { createGrant } from "@/lib/auth/grant";
import { checkCredentials } from "@/lib/auth/check-credentials";
import { requireSecondFactor } from "@/lib/auth/second-factor";
import { db } from "@/lib/db/client";
import { currentUser } from "@/lib/auth/current-user";
import { endSessions } from "@/lib/auth/end-sessions";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { clientIp, parseBody, withoutSession } from "@/app/api/_lib/handler";
import { ApiError } from "@/lib/errors";
import { LIMITS } from "@/lib/config/limits";
import { signInSchema } from "@/lib/validation/auth";
import { now } from "@/lib/clock";

/** Refuses login CSRF: a cross-site text/plain form must not sign a browser in as someone else. */
function assertOwnPageSent(req: NextRequest, needsJson: boolean): void {
  if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (needsJson && type !== "application/json") throw new ApiError("unsupported_media_type", "Send the sign-in as application/json.");
}

export const POST = withoutSession(async (req) => {
  assertOwnPageSent(req, true); // before the body is read: a foreign or non-JSON request is refused as such
  const input = await parseBody(req, signInSchema);
  const { userId } = await checkCredentials({ ...input, ip: clientIp(req), now: now() });
  // R16.3 with two-step verification on, the right password alone answers 401 second_factor_required
  // and the form asks for a code; the grant is only issued once the code is right.
  await requireSecondFactor(db(), userId, input.code);
  const grant = createGrant(userId, Date.now() + LIMITS.signInGrantTtlMs, authSecret());
  await signIn("credentials", { grant, redirect: false });
  return NextResponse.json({ ok: true });
});

// Choice: signing out ends every session of the account, not only this browser's cookie (one
// version per user, so a copied cookie cannot outlive sign-out). Settings
// offers the same as "Sign out everywhere" for someone who left a session open elsewhere.
export const DELETE = withoutSession(async (req) => {
  assertOwnPageSent(req, false);
  const user = await currentUser();
  if (user) await endSessions(user.id);
  await signOut({ redirect: false });
  return NextResponse.json({ ok: true });
});
