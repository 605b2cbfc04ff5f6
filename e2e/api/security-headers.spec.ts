// Security headers on the production build, as Chromium receives them: a page
// (CSP with a fresh nonce that Next puts on its scripts, frame-ancestors 'none',
// the realtime server in connect-src), an API answer and a screenshot (a closed
// CSP), nosniff and Referrer-Policy everywhere, HSTS only over TLS. Pages run
// under the CSP without a single violation. And the web process itself refuses
// to start in production with a fake clock or a weak secret.
import { spawn } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { signIn } from "../fixtures";

const STRONG = "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue";

async function claraScreenshotId(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT s.id::text FROM segments s JOIN screenshots sc ON sc.segment_id = s.id JOIN contracts c ON c.id = s.contract_id JOIN users u ON u.id = c.client_id
       WHERE u.email = 'clara@hourglass.test' AND s.deleted_at IS NULL LIMIT 1`,
    );
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP here
}

test("pages carry a nonce CSP their scripts satisfy; API answers and screenshots a closed one", async ({ page }) => {
  const violations = cspViolations(page);
  await signIn(page, "clara");

  const home = await page.goto("/");
  const csp = home!.headers()["content-security-policy"]!;
  expectCommonHeaders(home!.headers());
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${process.env.REALTIME_PORT}`);
  expect(csp).toContain("img-src 'self' blob: data:");
  expect(csp).not.toContain("unsafe-eval");
  // Next put the page's nonce on its scripts in the browser ...
  const scriptNonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce).filter(Boolean));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  // ... and on every script of the HTML it sent; a new page view has a new nonce.
  const again = await page.request.get("/");
  const againNonce = /'nonce-([^']+)'/.exec(again.headers()["content-security-policy"]!)?.[1];
  expect(againNonce).toBeTruthy();
  expect(againNonce).not.toBe(nonce);
  const html = await again.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${againNonce}"`))).toEqual([]);

  // The pages that load screenshots, charts and the realtime connection run without a violation.
  for (const path of ["/diary", "/reports", "/messages"]) {
    await page.goto(path);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
  }
  expect(violations).toEqual([]);

  const api = await page.request.get("/api/ledger/balances");
  expect(api.status()).toBe(200);
  expectCommonHeaders(api.headers());
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");

  const screenshot = await page.request.get(`/api/screenshots/${await claraScreenshotId()}/thumb`);
  expect(screenshot.status()).toBe(200);
  expectCommonHeaders(screenshot.headers());
  expect(screenshot.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
});

test("HSTS only when the proxy in front says the request came over TLS", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const tls = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    expect(tls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect((await request.get(path)).headers()["strict-transport-security"]).toBeUndefined();
  }
  // over TLS, a page's subresources are upgraded too
  const page = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(page.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
});

/** The web process as `npm start` runs it (scripts/web.ts: Next's production server on this build), in production: its exit code and output. */
function startWeb(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(HOURGLASS_(MODE|NOW|CLOCK_OFFSET_MS|CALL_RING_SECONDS)|AUTH_SECRET|PUSHER_)/.test(k)) base[k] = v;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts", "--port", "0", "--hostname", "127.0.0.1"], { env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test("the web process refuses to start in production with a fake clock or a weak secret", async () => {
  const safe = { AUTH_SECRET: STRONG, PUSHER_APP_ID: "portal", PUSHER_KEY: "portal-key-1", PUSHER_SECRET: `${STRONG}rt` };
  const fakeClock = await startWeb({ ...safe, HOURGLASS_NOW: "2027-03-01T00:00:00Z" });
  expect(fakeClock.code).toBe(1);
  expect(fakeClock.out).toContain("web refuses to start:\n  - HOURGLASS_NOW is set: a fake clock is for test and demo mode only (R1.4)");
  const shortSecret = await startWeb({ ...safe, AUTH_SECRET: "short-secret" });
  expect(shortSecret.code).toBe(1);
  expect(shortSecret.out).toContain("AUTH_SECRET is 12 characters long");
});
