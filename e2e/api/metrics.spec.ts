// GET /metrics on the production web process (scripts/web.ts, the e2e runner sets METRICS_TOKEN): requests
// are counted by the route template of the build's routes manifest, pages and route handlers alike, with
// or without our wrappers, rewrites by their public path, and never a raw id in a label; 401 without the
// token. (The token's 404 and ingest counts: lib/observability/metrics.int.test.ts.)
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseMetrics, valueOf, type Sample } from "../../tests/support/prometheus";

async function scrape(request: APIRequestContext): Promise<Sample[]> {
  const res = await request.get("/metrics", { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  return parseMetrics(await res.text());
}

const count = (samples: Sample[], route: string, method: string, status: number) => valueOf(samples, "hourglass_http_requests_total", { route, method, status: String(status) });

test("counts every request by route template and status, with no raw id in any label", async ({ request }) => {
  const id = randomUUID();
  const calls: Array<[string, string, string, number]> = [
    // [path, method, the template it counts under, status]
    [`/api/contracts/${id}`, "GET", "/api/contracts/[id]", 401], // withSession
    [`/api/contracts/${id}/pause`, "POST", "/api/contracts/[id]/[action]", 401],
    ["/api/auth/session", "GET", "/api/auth/[...nextauth]", 200], // next-auth's own handler, no wrapper of ours
    [`/reports/invoices/HG-${id.slice(0, 8).toUpperCase()}`, "GET", "/reports/invoices/[referenceId]", 307], // a page, signed out
    ["/.well-known/hourglass-keys.json", "GET", "/.well-known/hourglass-keys.json", 200], // a rewrite
    [`/api/no-such-route/${id}`, "GET", "other", 404], // no route: one label for all of them
  ];
  const before = await scrape(request);
  for (const [path, method, , status] of calls) {
    const res = await request.fetch(path, { method, maxRedirects: 0, headers: method === "POST" ? { "content-type": "application/json" } : {} });
    expect(res.status(), path).toBe(status);
  }
  const after = await scrape(request);
  for (const [path, method, route, status] of calls) {
    expect(count(after, route, method, status) - count(before, route, method, status), `${method} ${path}`).toBe(1);
  }
  expect(valueOf(after, "hourglass_http_request_duration_seconds_count", { route: "/api/contracts/[id]", method: "GET" })).toBeGreaterThanOrEqual(1);
  // the scrape itself counts under /metrics
  expect(count(after, "/metrics", "GET", 200)).toBeGreaterThanOrEqual(1);
  const raw = after.flatMap((s) => Object.values(s.labels)).filter((v) => /[0-9a-f]{8}-[0-9a-f]{4}|HG-/i.test(v));
  expect(raw).toEqual([]);
});

test("401 with WWW-Authenticate without the token, and the ready check answers", async ({ request }) => {
  const res = await request.get("/metrics", { headers: { authorization: "Bearer not-the-token" } });
  expect(res.status()).toBe(401);
  expect(res.headers()["www-authenticate"]).toBe('Bearer realm="metrics"');
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ok: true, checks: { database: { ok: true }, migrations: { ok: true }, storage: { ok: true }, realtime: { ok: true } } });
});
