// POST /api/accounts/setup - creates the first admin from the setup link `npm start` printed, then signs in (R16.1)
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { setupFirstAdmin } from "@/lib/accounts/setup-admin";
import { setupAdminSchema } from "@/lib/validation/accounts";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";
import { signInAs } from "../_lib/sign-in-as";

export const POST = withoutSession(
  async (req, { body }) => {
    if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
    const { userId } = await setupFirstAdmin(body, now());
    await signInAs(userId);
    return NextResponse.json({ next: "/" });
  },
  { body: setupAdminSchema },
);
