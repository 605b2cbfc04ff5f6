// POST /api/contracts/:id/(accept|decline|withdraw|pause|resume|end) - change a contract's status
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { changeStatus, type StatusAction } from "@/lib/contracts/change-status";
import { getContract } from "@/lib/contracts/get-contract";
import { now } from "@/lib/clock";

const ACTIONS = ["accept", "decline", "withdraw", "pause", "resume", "end"] as const satisfies readonly StatusAction[];

export const POST = withSession(
  async (_req, { user, params }) => {
    const at = now();
    await changeStatus(user, params.id, params.action, at);
    return NextResponse.json(await getContract(user, params.id, at));
  },
  { params: z.object({ id: routeId("No such contract."), action: z.enum(ACTIONS, { error: "No such contract action." }) }) },
);
