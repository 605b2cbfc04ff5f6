// POST /api/contracts/:id/rehire - end the contract and offer a new one with new terms, in one step
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { rehire } from "@/lib/contracts/rehire";
import { rehireSchema } from "@/lib/validation/contracts";
import { now } from "@/lib/clock";

export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = rehireSchema.parse(await req.json().catch(() => ({})));
    return NextResponse.json(await rehire(user, params.id, input, now()), { status: 201 });
  },
  { roles: ["CLIENT", "ADMIN"] },
);
