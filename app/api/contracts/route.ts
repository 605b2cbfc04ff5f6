// GET /api/contracts - the caller's contracts (admins: all)
// POST /api/contracts - create a contract offer (client for themselves, or admin)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { listContracts } from "@/lib/contracts/list-contracts";
import { createContract } from "@/lib/contracts/create-contract";
import { createContractSchema } from "@/lib/validation/contracts";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ contracts: await listContracts(user, now()) }));

export const POST = withSession(
  async (_req, { user, body }) => NextResponse.json(await createContract(user, body, now()), { status: 201 }),
  { roles: ["CLIENT", "ADMIN"], body: createContractSchema },
);
