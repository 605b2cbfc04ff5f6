// PATCH /api/admin/users/:id - verify a client's payment method, or suspend / reinstate an account
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { updateUser, updateUserSchema } from "@/lib/admin/update-user";
import { now } from "@/lib/clock";

export const PATCH = withSession(
  async (_req, { user, params, body }) => {
    await updateUser(user, params.id, body, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["ADMIN"], params: z.object({ id: routeId("No such user.") }), body: updateUserSchema },
);
