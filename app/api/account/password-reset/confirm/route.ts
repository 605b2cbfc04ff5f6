// POST /api/account/password-reset/confirm - set a new password with an emailed reset link (R16.2: once, within 30 minutes)
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { ApiError } from "@/lib/errors";
import { resetPassword } from "@/lib/accounts/password-reset";
import { passwordResetSchema } from "@/lib/validation/account";

export const POST = withoutSession(
  async (req, { body }) => {
    if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
    await resetPassword(body);
    return NextResponse.json({ ok: true });
  },
  { body: passwordResetSchema },
);
