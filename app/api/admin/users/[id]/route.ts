// PATCH /api/admin/users/:id - verify a client's payment method, or suspend / reinstate an account
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { updateUser, updateUserSchema } from "@/lib/admin/update-user";
import { now } from "@/lib/clock";

export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    await updateUser(user, params.id, updateUserSchema.parse(await req.json().catch(() => ({}))), now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["ADMIN"] },
);
