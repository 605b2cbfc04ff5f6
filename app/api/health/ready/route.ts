// GET /api/health/ready - readiness for load balancers and orchestrators: 200 when the database, the
// migrations, storage and realtime are all fine, else 503 naming each failing check. /api/health is liveness.
import path from "node:path";
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { sql } from "@/lib/db/client";
import { readinessCheck } from "@/lib/observability/readiness";
import { pusherServer } from "@/lib/realtime/publish";
import { blobStore } from "@/lib/storage";

// the folder lib/db/migrate.ts applies (not imported here: its file reads would trace the whole project into the build)
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const ready = readinessCheck(() => ({ pool: sql(), migrationsDir: MIGRATIONS_DIR, store: blobStore(), realtime: pusherServer() }));

export const GET = withoutSession(async () => {
  const { ok, checks } = await ready();
  if (ok) return NextResponse.json({ ok: true, checks }, { headers: { "cache-control": "no-store" } });
  const failing = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
  return NextResponse.json(
    { ok: false, checks, error: { code: "not_ready", message: `Not ready: ${failing.join(", ")}.` } },
    { status: 503, headers: { "cache-control": "no-store" } },
  );
});
