// POST /api/account/email/confirm - use the emailed link: the new address becomes the account's
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { now } from "@/lib/clock";
import { confirmEmailChange } from "@/lib/accounts/account-settings";
import { emailChangeConfirmSchema } from "@/lib/validation/account";

export const POST = withSession(
  async (_req, { user, body }) => NextResponse.json(await confirmEmailChange(user, body.token, now())),
  { body: emailChangeConfirmSchema },
);
