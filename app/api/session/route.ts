// POST /api/session - sign in with email and password (rate limited)
// DELETE /api/session - sign out (ends every session of the account)
import { NextResponse, type NextRequest } from "next/server";
import { signIn, signOut } from "@/lib/auth/config";
import { authSecret } from "@/lib/auth/secret";
import { createGrant } from "@/lib/auth/grant";
import { checkCredentials } from "@/lib/auth/check-credentials";
import { currentUser } from "@/lib/auth/current-user";
import { endSessions } from "@/lib/auth/end-sessions";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { clientIp } from "@/lib/api/handler";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { LIMITS } from "@/lib/config/limits";
import { signInSchema } from "@/lib/validation/auth";
import { now } from "@/lib/clock";

/** Login CSRF (issue 13): a cross-site text/plain form signed a browser in as someone else. */
function assertOwnPageSent(req: NextRequest, needsJson: boolean): void {
  if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (needsJson && type !== "application/json") throw new ApiError("unsupported_media_type", "Send the sign-in as application/json.");
}

export async function POST(req: NextRequest) {
  try {
    assertOwnPageSent(req, true);
    const input = signInSchema.parse(await req.json().catch(() => ({})));
    const { userId } = await checkCredentials({ ...input, ip: clientIp(req), now: now() });
    const grant = createGrant(userId, Date.now() + LIMITS.signInGrantTtlMs, authSecret());
    await signIn("credentials", { grant, redirect: false });
    return NextResponse.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}

// Choice: signing out ends every session of the account, not only this browser's cookie (one
// version per user, issue 13: a copied cookie outlived sign-out by up to 12 hours). Settings
// offers the same as "Sign out everywhere" for someone who left a session open elsewhere.
export async function DELETE(req: NextRequest) {
  try {
    assertOwnPageSent(req, false);
    const user = await currentUser();
    if (user) await endSessions(user.id);
    await signOut({ redirect: false });
    return NextResponse.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
