// Prometheus metrics (prom-client): one registry per process with Node's default process metrics and
// the portal's own series (README › Health and metrics). Recorded only while METRICS_TOKEN is set: with
// no token there is no endpoint (404), so nothing is counted either (the ingest bench measures the cost).
// The state lives on globalThis, as the request context does (./request-context.ts): tsx (scripts/web.ts,
// which counts requests) and Next's bundle (the route handlers, /metrics) load separate copies of this module.
// No "server-only" marker: scripts/web.ts and scripts/worker.ts load it in plain Node.
import { createHash, timingSafeEqual } from "node:crypto";
import { performance } from "node:perf_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Read on scrape (./scrape-sources.ts), each cached so that scrapes never load the database. */
export interface ScrapeSources {
  outbox(): Promise<{ pending: number; oldestAgeSeconds: number } | null>;
  /** absent with hosted Pusher, which does not say how many connections it holds: the gauge is left out */
  realtimeConnections?(): Promise<number | null>;
}

interface Series {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  ingestSegments: Counter<"result">;
  ingestDuration: Histogram;
  jobRuns: Counter<"job" | "result">;
  jobLag: Gauge<"job">;
  jobDuration: Histogram<"job">;
  weeklyClose: Histogram;
  sources: ScrapeSources | null;
}

const STATE = Symbol.for("hourglass.metrics");
const globals = globalThis as { [STATE]?: Series | null };

/** The token /metrics asks for; null when unset (metrics off). */
function metricsToken(env: Record<string, string | undefined> = process.env): string | null {
  return env.METRICS_TOKEN ? env.METRICS_TOKEN : null;
}

/** The process's series, made at first use; null when metrics are off (decided once per process). */
function series(): Series | null {
  if (globals[STATE] === undefined) globals[STATE] = metricsToken() ? createSeries() : null;
  return globals[STATE];
}

function createSeries(): Series {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const state: Series = {
    registry,
    httpRequests: new Counter({ name: "hourglass_http_requests_total", help: "HTTP requests answered, by route template, method and status", labelNames: ["route", "method", "status"], registers: [registry] }),
    httpDuration: new Histogram({ name: "hourglass_http_request_duration_seconds", help: "Time to answer an HTTP request, by route template and method", labelNames: ["route", "method"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    ingestSegments: new Counter({ name: "hourglass_ingest_segments_total", help: "Segment uploads from trackers: stored, duplicate (a resend, R2.6), refused (4xx) or failed (5xx)", labelNames: ["result"], registers: [registry] }),
    ingestDuration: new Histogram({ name: "hourglass_ingest_duration_seconds", help: "Time to take one segment upload, from the request to the answer", buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    jobRuns: new Counter({ name: "hourglass_job_runs_total", help: "Scheduled job runs by job and result (ok or failed)", labelNames: ["job", "result"], registers: [registry] }),
    jobLag: new Gauge({ name: "hourglass_job_lag_seconds", help: "How late the job's last run started against when it was due", labelNames: ["job"], registers: [registry] }),
    jobDuration: new Histogram({ name: "hourglass_job_duration_seconds", help: "Time one run of a job took", labelNames: ["job"], buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600], registers: [registry] }),
    weeklyClose: new Histogram({ name: "hourglass_weekly_close_duration_seconds", help: "Time to close one week into invoices and transfers (R1.3)", buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600], registers: [registry] }),
    sources: null,
  };
  // Choice: a source that cannot answer (the database down) reports NaN rather than failing the scrape,
  // so the process's other series still arrive; readiness (/api/health/ready) names what is down.
  const outbox = () => state.sources?.outbox().catch(() => null) ?? Promise.resolve(null);
  new Gauge({ name: "hourglass_email_outbox_pending", help: "Emails waiting in the outbox (pending or being sent)", registers: [registry], async collect() { this.set((await outbox())?.pending ?? Number.NaN); } });
  new Gauge({ name: "hourglass_email_outbox_oldest_age_seconds", help: "Age of the oldest email waiting in the outbox (0 when none)", registers: [registry], async collect() { this.set((await outbox())?.oldestAgeSeconds ?? Number.NaN); } });
  return state;
}

/** Where the scrape-time gauges read from; with realtimeConnections, the realtime gauge is added. */
export function setScrapeSources(sources: ScrapeSources): void {
  const state = series();
  if (!state || state.sources) return;
  state.sources = sources;
  const connections = sources.realtimeConnections;
  if (!connections) return;
  new Gauge({ name: "hourglass_realtime_connections", help: "WebSocket connections open on the realtime server", registers: [state.registry], async collect() { this.set((await connections().catch(() => null)) ?? Number.NaN); } });
}

export function metricsEnabled(): boolean {
  return series() !== null;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** One answered HTTP request; `route` is a template (./route-templates.ts), never a raw URL. */
export function countHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const state = series();
  if (!state) return;
  // bounded labels: an invented method is "OTHER"
  const m = METHODS.has(method) ? method : "OTHER";
  state.httpRequests.inc({ route, method: m, status: String(status) });
  state.httpDuration.observe({ route, method: m }, seconds);
}

/**
 * The segment upload route, counted by its answer: 201 stored, 200 a resend of a stored segment (R2.6),
 * another 4xx refused, 5xx failed; and timed from the request to the answer.
 */
export function withIngestMetrics<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    const state = series();
    if (!state) return handler(...args);
    const started = performance.now();
    const res = await handler(...args);
    const result = res.status === 201 ? "stored" : res.status === 200 ? "duplicate" : res.status < 500 ? "refused" : "failed";
    state.ingestSegments.inc({ result });
    state.ingestDuration.observe((performance.now() - started) / 1000);
    return res;
  };
}

export function countJobRun(job: string, ok: boolean, lagSeconds: number, seconds: number): void {
  const state = series();
  if (!state) return;
  state.jobRuns.inc({ job, result: ok ? "ok" : "failed" });
  state.jobLag.set({ job }, Math.max(0, lagSeconds));
  state.jobDuration.observe({ job }, seconds);
}

export function observeWeeklyClose(seconds: number): void {
  series()?.weeklyClose.observe(seconds);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * GET /metrics on the web and the worker: 404 without METRICS_TOKEN (the endpoint is not there at all),
 * 401 with WWW-Authenticate for a missing or wrong `Authorization: Bearer <token>`, else the text format.
 */
export async function answerMetrics(authorization: string | null): Promise<MetricsAnswer> {
  const token = metricsToken();
  const state = series();
  if (!token || !state) return { status: 404, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code: "not_found", message: "Not found." } }) };
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  if (!sameSecret(given, token)) {
    return {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="metrics"' },
      body: JSON.stringify({ error: { code: "unauthenticated", message: "Send the METRICS_TOKEN as Authorization: Bearer <token>." } }),
    };
  }
  return { status: 200, headers: { "content-type": state.registry.contentType, "cache-control": "no-store" }, body: await state.registry.metrics() };
}
