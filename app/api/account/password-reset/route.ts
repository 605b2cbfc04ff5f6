// POST /api/account/password-reset - email a reset link (R16.2: the same answer whether or not the email has an account; rate limited)
import { NextResponse } from "next/server";
import { clientIp, withoutSession } from "@/app/api/_lib/handler";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from "@/lib/accounts/password-reset";
import { passwordResetRequestSchema } from "@/lib/validation/account";

export const POST = withoutSession(
  async (req, { body }) => {
    // Choice: only the portal's own page may ask, as for sign-in: a foreign site must not make browsers flood inboxes.
    if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
    await requestPasswordReset({ email: body.email, ip: clientIp(req), now: now() });
    return NextResponse.json({ ok: true, message: RESET_REQUESTED_MESSAGE }, { status: 202 });
  },
  { body: passwordResetRequestSchema },
);
