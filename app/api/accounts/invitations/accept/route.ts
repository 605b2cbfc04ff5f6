// POST /api/accounts/invitations/accept - joins from an invitation link, then signs in (R16.1); answers where to go next
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { acceptInvitation } from "@/lib/accounts/invitations";
import { acceptInvitationSchema } from "@/lib/validation/accounts";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";
import { signInAs } from "../../_lib/sign-in-as";

export const POST = withoutSession(
  async (req, { body }) => {
    if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
    const { userId, next } = await acceptInvitation(body, now());
    await signInAs(userId);
    return NextResponse.json({ next });
  },
  { body: acceptInvitationSchema },
);
