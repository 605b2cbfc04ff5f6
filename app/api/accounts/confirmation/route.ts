// POST /api/accounts/confirmation - sends the signed-in user a new email confirmation link (R16.1)
import { NextResponse } from "next/server";
import { clientIp, withSession } from "@/app/api/_lib/handler";
import { resendConfirmation } from "@/lib/accounts/confirm-email";
import { now } from "@/lib/clock";

export const POST = withSession(async (req, { user }) => NextResponse.json(await resendConfirmation(user, clientIp(req), now())));
