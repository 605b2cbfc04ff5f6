// POST /api/account/email - ask to change the email: a confirmation link goes to the new address
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { now } from "@/lib/clock";
import { requestEmailChange } from "@/lib/accounts/account-settings";
import { emailChangeSchema } from "@/lib/validation/account";

export const POST = withSession(
  async (_req, { user, body }) => {
    const { newEmail } = await requestEmailChange(user, body, now());
    return NextResponse.json({ ok: true, pendingEmail: newEmail }, { status: 202 });
  },
  { body: emailChangeSchema },
);
