// POST /api/accounts/invitations - an admin invites a user of any role (R16.1: only admins invite admins)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { inviteUser } from "@/lib/accounts/invitations";
import { adminInvitationSchema } from "@/lib/validation/accounts";
import { now } from "@/lib/clock";

export const POST = withSession(async (_req, { user, body }) => NextResponse.json(await inviteUser(user, body, now()), { status: 201 }), {
  roles: ["ADMIN"],
  body: adminInvitationSchema,
});
