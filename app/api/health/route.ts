// GET /api/health - liveness: the web process is up and answering. It touches no dependency, so a
// database or storage outage never gets a healthy process restarted; the launchers and the e2e runner
// wait on it. Whether the process can serve (database, migrations, storage, realtime): /api/health/ready.
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";

export const GET = withoutSession(async () => NextResponse.json({ ok: true }));
