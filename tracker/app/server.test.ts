import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppRequest, type AppServer } from "./server";

let app: AppServer;
const seen: AppRequest[] = [];

beforeAll(async () => {
  app = await startAppServer((req) => {
    seen.push(req);
    return { status: 200, type: "application/json", body: JSON.stringify({ ok: true, path: req.path }) };
  });
});
afterAll(() => app.close());

/** A real HTTP request to the server, with headers as a browser (or an attacker) would send them. */
function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: app.port, path, method: opts.method ?? "GET", headers: { host: `127.0.0.1:${app.port}`, ...opts.headers } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const own = () => `http://127.0.0.1:${app.port}`;
const post = (path: string, headers: Record<string, string>) => call(`/s/${app.secret}${path}`, { method: "POST", headers, body: JSON.stringify({ memo: "x" }) });

describe("the tracker window's server", () => {
  it("listens on loopback only, with a secret in its URL", () => {
    expect(app.server.address()).toMatchObject({ address: "127.0.0.1" });
    expect(app.url).toBe(`${own()}/s/${app.secret}/`);
    expect(app.secret.length).toBeGreaterThanOrEqual(32);
  });

  it("answers its own page and same-origin JSON changes, with a CSP and no Referer", async () => {
    const page = await call(`/s/${app.secret}/`);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    const change = await post("/api/memo", { origin: own(), "content-type": "application/json" });
    expect(change.status).toBe(200);
    expect(seen.at(-1)).toEqual({ method: "POST", path: "/api/memo", body: { memo: "x" } });
  });

  it("refuses a request without the secret, or with a wrong one (403)", async () => {
    const before = seen.length;
    for (const path of ["/", "/api/state", "/s/", `/s/${app.secret.slice(1)}/api/state`, `/s/${app.secret}x/api/state`, `/api/state?secret=${app.secret}`]) {
      expect((await call(path)).status, path).toBe(403);
    }
    expect(seen.length).toBe(before);
  });

  it("refuses a foreign Origin (403), for reads and for changes", async () => {
    const before = seen.length;
    expect((await call(`/s/${app.secret}/api/state`, { headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await call(`/s/${app.secret}/api/state`, { headers: { origin: `http://localhost:${app.port}` } })).status).toBe(403);
    expect((await post("/api/stop", { origin: "https://evil.example", "content-type": "application/json" })).status).toBe(403);
    expect((await post("/api/stop", { origin: "null", "content-type": "application/json" })).status).toBe(403);
    expect((await call(`/s/${app.secret}/api/state`, { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect(seen.length).toBe(before);
  });

  it("refuses a wrong Host header (DNS rebinding), 403", async () => {
    for (const host of ["evil.example", `localhost:${app.port}`, `evil.example:${app.port}`, "127.0.0.1"]) {
      expect((await call(`/s/${app.secret}/api/state`, { headers: { host } })).status, host).toBe(403);
    }
  });

  it("takes changes only as same-origin JSON POSTs", async () => {
    const before = seen.length;
    // a form post (no CORS preflight) and a change without any Origin
    expect((await post("/api/stop", { origin: own(), "content-type": "application/x-www-form-urlencoded" })).status).toBe(403);
    expect((await post("/api/stop", { "content-type": "application/json" })).status).toBe(403);
    expect((await call(`/s/${app.secret}/api/stop`, { method: "DELETE", headers: { origin: own() } })).status).toBe(405);
    expect((await call(`/s/${app.secret}/api/stop`, { method: "POST", headers: { origin: own(), "content-type": "application/json" }, body: "{not json" })).status).toBe(400);
    expect(seen.length).toBe(before);
  });
});
