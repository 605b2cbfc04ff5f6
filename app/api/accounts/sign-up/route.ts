// POST /api/accounts/sign-up - a client signs up; R16.2 the same answer whether or not the address has an account
import { NextResponse } from "next/server";
import { clientIp, withoutSession } from "@/app/api/_lib/handler";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { signUp } from "@/lib/accounts/sign-up";
import { signUpSchema } from "@/lib/validation/accounts";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";

export const POST = withoutSession(
  async (req, { body }) => {
    if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
    await signUp(body, clientIp(req), now());
    // the address is not echoed: the form shows what was typed, and an answer holds nothing the caller did not send
    return NextResponse.json({ message: "Check your email: we sent a message to the address you entered. Open its link to continue." }, { status: 202 });
  },
  { body: signUpSchema },
);
