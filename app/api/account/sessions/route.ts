// DELETE /api/account/sessions - sign out of every other session of the account (this browser stays signed in)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { endSessions } from "@/lib/auth/end-sessions";
import { signInAgain } from "../_lib/sign-in-again";

export const DELETE = withSession(async (_req, { user }) => {
  await endSessions(user.id);
  await signInAgain(user.id);
  return NextResponse.json({ ok: true });
});
