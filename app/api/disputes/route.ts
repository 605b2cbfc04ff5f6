// POST /api/disputes - the client disputes billed segments of an invoiced week, during its review window (R7.1)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { fileDispute } from "@/lib/disputes/file-dispute";
import { fileDisputeSchema } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (req, { user }) => {
    const input = fileDisputeSchema.parse(await req.json().catch(() => ({})));
    return NextResponse.json({ dispute: await fileDispute(user, input, now()) }, { status: 201 });
  },
  { roles: ["CLIENT"] },
);
