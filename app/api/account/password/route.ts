// PUT /api/account/password - change the password (the current one first); every other session ends
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { now } from "@/lib/clock";
import { changePassword } from "@/lib/accounts/account-settings";
import { passwordChangeSchema } from "@/lib/validation/account";
import { signInAgain } from "../_lib/sign-in-again";

export const PUT = withSession(
  async (_req, { user, body }) => {
    await changePassword(user, body, now());
    await signInAgain(user.id); // R16.2 sessions signed in before end; this browser gets a new one
    return NextResponse.json({ ok: true });
  },
  { body: passwordChangeSchema },
);
