// Prometheus metrics on a real PostgreSQL and a real realtime server: the web's /metrics route after real
// ingest (stored, resent, refused), its token rules (404 without one, 401 with WWW-Authenticate), the
// outbox and realtime gauges read on scrape; and the real worker process serving its jobs' runs on
// WORKER_METRICS_PORT. The web's request counts by route template need Next's build: e2e/api/metrics.spec.ts.
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { once } from "node:events";
import sharp from "sharp";
import { NextRequest } from "next/server";
import WebSocket from "ws";
import { afterAll, describe, expect, it, vi } from "vitest";
import { bareEnv, runTsx, SAFE_SECRETS } from "@/scripts/testing/spawn";
import { parseMetrics, valueOf } from "@/tests/support/prometheus";

const TOKEN = "metrics-int-test-token-9bQ2xW7kZ4pL1vR8sT3y";
const NOW = new Date("2024-06-12T15:05:00Z");
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(NOW) }));
// no browser session here: the routes under test take a tracker token or none (as signed-segments.int.test.ts)
vi.mock("@/lib/auth/config", () => ({ auth: async () => null }));
process.env.METRICS_TOKEN = TOKEN; // before any series is recorded: metrics are on in this process

const { setupTestDatabase, createTestDatabase } = await import("@/tests/support/database");
const { makeContract, makeUser } = await import("@/tests/support/factories");
const { registerDeviceKey, signSegmentUpload } = await import("@/tests/support/signed-segments");
const { startTestRealtime } = await import("@/tests/support/messages");
const { createTrackerToken } = await import("@/lib/tracker-tokens/create-tracker-token");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const segmentsRoute = await import("@/app/api/tracker/v1/segments/route");
const metricsRoute = await import("@/app/api/metrics/route");

const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
setNoticeSink(() => undefined);
afterAll(() => realtime.close());
const noParams = { params: Promise.resolve({}) };

function scrape(authorization?: string): Promise<Response> {
  return metricsRoute.GET(new NextRequest("http://portal.test/metrics", { headers: authorization ? { authorization } : {} }), noParams);
}

function postSegment(token: string, segment: Record<string, unknown>, screenshot: Buffer): Promise<Response> {
  const body = new FormData();
  body.set("segment", JSON.stringify(segment));
  body.set("screenshot", new Blob([new Uint8Array(screenshot)], { type: "image/jpeg" }), "shot.jpg");
  return segmentsRoute.POST(new NextRequest("http://portal.test/api/tracker/v1/segments", { method: "POST", headers: { authorization: `Bearer ${token}` }, body }), noParams);
}

describe("the web's /metrics", () => {
  it("counts ingest by result and reads the outbox and realtime connections on scrape", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, await makeUser(prisma, "CLIENT"), freelancer);
    const { token, id: tokenId } = await createTrackerToken(freelancer, "Laptop", NOW);
    const device = { key: await registerDeviceKey(prisma, tokenId), tokenId };
    const shot = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#336699" } }).jpeg().toBuffer();
    const fields = {
      segmentId: randomUUID(),
      contractId: contract.id,
      slotStart: "2024-06-12T14:00:00Z",
      screenshotTakenAt: "2024-06-12T14:03:17.250Z",
      keyboardCounts: [5, 0, 0, 12, 0, 0, 0, 0, 0, 1],
      mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
      memo: "Metrics",
    };
    const signed = signSegmentUpload(fields, device, shot);
    expect((await postSegment(token, signed, shot)).status).toBe(201);
    expect((await postSegment(token, signed, shot)).status).toBe(200); // a resend (R2.6)
    expect((await postSegment(token, { ...fields, segmentId: randomUUID(), slotStart: "2024-06-12T14:10:00Z" }, shot)).status).toBe(422); // unsigned

    // one email waiting for 2 minutes, one sent long ago; one browser connected to realtime
    const email = { toAddress: "someone@example.test", kind: "account", subject: "s", textBody: "t", htmlBody: "h", nextAttemptAt: new Date() };
    await prisma.emailOutbox.create({ data: { ...email, createdAt: new Date(Date.now() - 120_000) } });
    await prisma.emailOutbox.create({ data: { ...email, status: "sent", createdAt: new Date(Date.now() - 86_400_000) } });
    const socket = new WebSocket(`ws://127.0.0.1:${realtime.port}/app/test-key?protocol=7&client=js&version=8.6.0`);
    await once(socket, "message"); // pusher:connection_established
    try {
      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const samples = parseMetrics(await res.text());
      expect(valueOf(samples, "hourglass_ingest_segments_total", { result: "stored" })).toBe(1);
      expect(valueOf(samples, "hourglass_ingest_segments_total", { result: "duplicate" })).toBe(1);
      expect(valueOf(samples, "hourglass_ingest_segments_total", { result: "refused" })).toBe(1);
      expect(valueOf(samples, "hourglass_ingest_duration_seconds_count")).toBe(3);
      expect(valueOf(samples, "hourglass_email_outbox_pending")).toBe(1);
      expect(valueOf(samples, "hourglass_email_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(119);
      expect(valueOf(samples, "hourglass_email_outbox_oldest_age_seconds")).toBeLessThan(3600);
      expect(valueOf(samples, "hourglass_realtime_connections")).toBe(1);
      expect(valueOf(samples, "process_cpu_seconds_total")).toBeGreaterThan(0); // Node's default process metrics
    } finally {
      socket.close();
    }
  });

  it("401 with WWW-Authenticate for a missing or wrong token; 404 when METRICS_TOKEN is unset", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await scrape(authorization);
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain("hourglass_");
    }
    delete process.env.METRICS_TOKEN;
    try {
      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("hourglass_");
    } finally {
      process.env.METRICS_TOKEN = TOKEN;
    }
  });
});

describe.concurrent("the worker's /metrics (WORKER_METRICS_PORT)", () => {
  it("serves its jobs' runs, lag and duration and the weekly close's duration, behind the same token", async () => {
    const db = await createTestDatabase();
    const env = { ...bareEnv(), DATABASE_URL: db.url, HOURGLASS_MODE: "test", HOURGLASS_WORKER_JOBS: "weekly-close,rate-limit-sweep", HOURGLASS_WORKER_POLL_MS: "200", METRICS_TOKEN: TOKEN, WORKER_METRICS_PORT: "0" };
    const worker = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/worker.ts"], { env: { ...env, NODE_ENV: "test" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    worker.stdout.on("data", (c: Buffer) => (out += c.toString()));
    worker.stderr.on("data", (c: Buffer) => (out += c.toString()));
    try {
      const until = async (what: RegExp) => {
        for (let i = 0; i < 300 && !what.test(out); i++) await new Promise((r) => setTimeout(r, 100));
        expect(out).toMatch(what);
      };
      await until(/metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/);
      const url = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out)?.[1] as string;
      await until(/rate-limit-sweep/);
      let samples = parseMetrics("");
      for (let i = 0; i < 50 && valueOf(samples, "hourglass_job_runs_total", { job: "rate-limit-sweep", result: "ok" }) < 1; i++) {
        const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(res.status).toBe(200);
        samples = parseMetrics(await res.text());
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(valueOf(samples, "hourglass_job_runs_total", { job: "rate-limit-sweep", result: "ok" })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, "hourglass_job_duration_seconds_count", { job: "rate-limit-sweep" })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, "hourglass_job_lag_seconds", { job: "rate-limit-sweep" })).toBeGreaterThanOrEqual(0);
      // the weekly close ran before it (an empty week: no contracts yet), and timed its close
      expect(valueOf(samples, "hourglass_job_runs_total", { job: "weekly-close", result: "ok" })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, "hourglass_weekly_close_duration_seconds_count")).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, "hourglass_email_outbox_pending")).toBe(0);
      const refused = await fetch(url, { headers: { authorization: "Bearer nope" } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    } finally {
      worker.kill("SIGTERM");
      if (worker.exitCode === null) await once(worker, "exit");
      await db.prisma.$disconnect();
    }
  });

  it("production refuses a METRICS_TOKEN shorter than 32 characters at start", async () => {
    const result = await runTsx(["--conditions=react-server", "scripts/worker.ts"], { ...bareEnv(), ...SAFE_SECRETS, NODE_ENV: "production", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never", METRICS_TOKEN: "short-metrics-token" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("worker refuses to start:");
    expect(result.out).toContain("METRICS_TOKEN is 19 characters long");
  });
});
