// GET /api/health - liveness and database reachability, for load balancers
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";

export async function GET() {
  try {
    await db().$queryRaw`select 1`;
    return NextResponse.json({ ok: true });
  } catch {
    return NextResponse.json({ ok: false, error: { code: "internal", message: "Database unreachable." } }, { status: 503 });
  }
}
