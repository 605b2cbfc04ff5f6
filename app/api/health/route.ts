// GET /api/health - liveness and database reachability, for load balancers
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { db } from "@/lib/db/client";

export const GET = withoutSession(async () => {
  try {
    await db().$queryRaw`select 1`;
    return NextResponse.json({ ok: true });
  } catch {
    return NextResponse.json({ ok: false, error: { code: "internal", message: "Database unreachable." } }, { status: 503 });
  }
});
