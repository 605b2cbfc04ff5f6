// POST /api/contracts/:id/(accept|decline|withdraw|pause|resume|end) - change a contract's status
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { changeStatus, type StatusAction } from "@/lib/contracts/change-status";
import { getContract } from "@/lib/contracts/get-contract";
import { now } from "@/lib/clock";

const ACTIONS: readonly StatusAction[] = ["accept", "decline", "withdraw", "pause", "resume", "end"];

export const POST = withSession<{ id: string; action: string }>(async (_req, { user, params }) => {
  const action = ACTIONS.find((a) => a === params.action);
  if (!action) throw notFound("No such contract action.");
  const at = now();
  await changeStatus(user, params.id, action, at);
  return NextResponse.json(await getContract(user, params.id, at));
});
