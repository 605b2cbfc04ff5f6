// POST /api/session - sign in with email and password (rate limited)
// DELETE /api/session - sign out
import { NextResponse, type NextRequest } from "next/server";
import { signIn, signOut } from "@/lib/auth/config";
import { authSecret } from "@/lib/auth/secret";
import { createGrant } from "@/lib/auth/grant";
import { checkCredentials } from "@/lib/auth/check-credentials";
import { clientIp } from "@/lib/api/handler";
import { errorResponse } from "@/lib/api/errors";
import { LIMITS } from "@/lib/config/limits";
import { signInSchema } from "@/lib/validation/auth";
import { now } from "@/lib/clock";

export async function POST(req: NextRequest) {
  try {
    const input = signInSchema.parse(await req.json().catch(() => ({})));
    const { userId } = await checkCredentials({ ...input, ip: clientIp(req), now: now() });
    const grant = createGrant(userId, Date.now() + LIMITS.signInGrantTtlMs, authSecret());
    await signIn("credentials", { grant, redirect: false });
    return NextResponse.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE() {
  try {
    await signOut({ redirect: false });
    return NextResponse.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
