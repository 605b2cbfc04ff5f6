// The production smoke test (issue 20), run by `npm test` after Playwright on the build it made (.next-e2e):
// `npm start` in production mode against a PostgreSQL 15 of Debian's, s3rver, a mail server, and our realtime
// server started on its own (`npm run realtime`) with Pusher-style credentials. The first admin comes from the
// link start prints; a client signs up and confirms by email, her offer invites the freelancer, who joins and
// accepts (all through the API and the caught mail); a tracker segment goes in through a real signed request, the week is closed by
// `npm run close-week`, the earnings mature and a withdrawal is paid by the worker, the screenshot comes back
// from S3, and the ledger balances. Time passes through the machine's clock (tests/support/machine-clock.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import sharp from "sharp";
import { createPrismaClient } from "../lib/db/client";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { expectLedgerInvariants } from "../tests/support/ledger";
import { createMachineClock, type MachineClock } from "../tests/support/machine-clock";
import { startS3Server, type S3Server } from "../tests/support/s3-server";
import { makeDeviceKey, signSegmentUpload } from "../tests/support/signed-segments";
import { startSystemPostgres, type SystemPostgres } from "../tests/support/system-postgres";
import { startMailCatcher, type MailCatcher } from "./lib/mail-catcher";

const DIST_DIR = process.env.NEXT_DIST_DIR || ".next-e2e";
const DAY = 86_400_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/** Polls `check` until it returns something, within `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A process group of its own, its output kept for the assertions and for a failure's message. */
function launch(command: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  return { child, output: () => text };
}

async function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** The week of the real clock's Monday at least a week ahead: every instant the test sets is in the future. */
const realNow = Date.now();
const monday = new Date(Math.floor(realNow / DAY) * DAY + DAY * (7 + ((8 - new Date(realNow).getUTCDay()) % 7 || 7)));
const AT = {
  work: new Date(monday.getTime() + 2 * DAY + 10 * 3_600_000 + 5 * 60_000), // Wednesday 10:05
  close: new Date(monday.getTime() + 7 * DAY + 12 * 3_600_000 + 60_000), // the next Monday 12:01 (R1.3)
  available: new Date(monday.getTime() + 16 * DAY + 60_000), // Wednesday after the review window 00:01 (R6.3)
};

let clock: MachineClock | undefined;
let pg: SystemPostgres | undefined;
let s3: S3Server | undefined;
let mail: MailCatcher | undefined;
let realtime: ReturnType<typeof launch> | undefined;
let portal: ReturnType<typeof launch> | undefined;
let prisma: PrismaClient | undefined;
let base = "";
let env = {} as NodeJS.ProcessEnv;

beforeAll(async () => {
  expect(readFileSync(`${DIST_DIR}/BUILD_ID`, "utf8")).toBeTruthy(); // the e2e run's build, never a new one
  clock = createMachineClock(AT.work);
  [pg, s3, mail] = await Promise.all([startSystemPostgres({ ...process.env, ...clock.env }), startS3Server("hourglass", { ...process.env, ...clock.env }), startMailCatcher()]);
  const databaseUrl = await pg.createDatabase("hourglass");
  const [webPort, realtimePort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${webPort}`;
  const pusher = { PUSHER_APP_ID: "smoke-app", PUSHER_KEY: `key-${randomBytes(8).toString("hex")}`, PUSHER_SECRET: randomBytes(32).toString("base64url") };
  const bare = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HOURGLASS_|PUSHER_|REALTIME_|S3_|SMTP_|MAIL_|AUTH_|DATABASE_URL$|NODE_ENV$)/.test(name))) as NodeJS.ProcessEnv;
  env = {
    ...bare,
    ...clock.env,
    ...s3.env,
    ...pusher,
    HOURGLASS_MODE: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: base,
    PORT: String(webPort),
    HOST: "127.0.0.1",
    NEXT_DIST_DIR: DIST_DIR,
    SMTP_URL: mail.smtpUrl,
    MAIL_FROM: "Hourglass <portal@smoke.example.org>",
    REALTIME_EXTERNAL: "1",
    REALTIME_HOST: "127.0.0.1",
    REALTIME_PORT: String(realtimePort),
    HOURGLASS_WORKER_POLL_MS: "300",
  };
  // the realtime server as on a box of its own: the same credentials, webhooks to the portal
  realtime = launch("npm", ["run", "--silent", "realtime"], { ...env, PUSHER_CLIENT_EVENTS: "1", REALTIME_WEBHOOK_URL: `${base}/api/realtime/webhooks` });
  // S3 failing as the portal starts (the first try of its readiness probe and three retries): start says so in one line
  s3.failNext(4, 503, "SlowDown");
  portal = launch("npm", ["start"], env);
  await waitFor("the first-admin setup link", 90_000, async () => portal!.output().includes("/setup/") || portal!.child.exitCode !== null);
  expect(portal.child.exitCode, portal.output()).toBeNull();
  expect(portal.output()).toMatch(/^Not ready: storage \(S3 503 SlowDown: .*\); see http:\/\/127\.0\.0\.1:\d+\/api\/health\/ready\.$/m);
  prisma = createPrismaClient(databaseUrl);
}, 120_000);

afterAll(async () => {
  // what the processes said, for a failure's reader
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/production-smoke.log", `${portal?.output() ?? ""}\n--- realtime\n${realtime?.output() ?? ""}`);
  await prisma?.$disconnect();
  await Promise.all([stopGroup(portal?.child), stopGroup(realtime?.child)]);
  await Promise.all([s3?.stop(), mail?.close(), pg?.destroy()]);
  clock?.remove();
}, 60_000);

/** The first link matching `pattern` in the latest email to `to` (the worker sends the outbox every 5 s). */
function linkIn(to: string, pattern: RegExp): Promise<string> {
  return waitFor(`an email to ${to}`, 30_000, async () => {
    const mails = (await (await fetch(`${mail!.webUrl}/messages.json`)).json()) as Array<{ to: string[]; text: string }>;
    const found = mails.find((m) => m.to.includes(to) && pattern.test(m.text));
    return found && `${base}${pattern.exec(found.text)![0]}`;
  });
}

/** A signed-in browser's cookies, sent back on each request. */
class Session {
  private readonly cookies = new Map<string, string>();

  async fetch(path: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { origin: base, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...init.headers };
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${base}${path}`, { method: init.method ?? "GET", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json), redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  static async signIn(email: string, password: string): Promise<Session> {
    const session = new Session();
    const res = await session.fetch("/api/session", { method: "POST", json: { email, password } });
    expect(res.status, await res.clone().text()).toBe(200);
    return session;
  }
}

it("runs for real: ingest, close, withdrawal paid, the screenshot from S3, a balanced ledger", async () => {
  const db = prisma!;
  // R16.1 the first admin, through the link start printed (checked below; it runs while the others are made)
  const link = /\/setup\/([A-Za-z0-9_-]+)/.exec(portal!.output())![1]!;
  const setup = new Session().fetch("/api/accounts/setup", { method: "POST", json: { token: link, name: "Ada Admin", email: "ada@smoke.example.org", password: "a long admin passphrase 7301" } });

  // R16.1 a client signs up and confirms her email from the mail the worker sent; her offer invites the freelancer,
  // who joins from his invitation's link and accepts it (the contract starts today, 00:00 UTC)
  const client = { email: "clara@smoke.example.org", password: "clara's long smoke passphrase" };
  const freelancer = { email: "fiona@smoke.example.org", password: "fiona's long smoke passphrase" };
  const signUp = await new Session().fetch("/api/accounts/sign-up", { method: "POST", json: { name: "Clara Client", ...client } });
  expect(signUp.status, await signUp.clone().text()).toBe(202);
  const confirmLink = new URL(await linkIn(client.email, /\/confirm-email\?token=[^\s"<>]+/));
  const confirmed = await new Session().fetch(`${confirmLink.pathname}${confirmLink.search}`); // opening it confirms
  expect(confirmed.status).toBe(200);
  const clara = await Session.signIn(client.email, client.password);
  const offer = await clara.fetch("/api/contracts", {
    method: "POST",
    json: { title: "Smoke work", freelancerEmail: freelancer.email, hourlyRateCents: 2500, weeklyLimitHours: null, startsAt: AT.work.toISOString().slice(0, 10) },
  });
  expect(offer.status, await offer.clone().text()).toBe(201);
  const contract = (await offer.json()) as { id: string };
  const invitation = new URL(await linkIn(freelancer.email, /\/invitations\/[A-Za-z0-9_%-]+/)).pathname.split("/").pop()!;
  let fiona = new Session();
  const joined = await fiona.fetch("/api/accounts/invitations/accept", { method: "POST", json: { token: decodeURIComponent(invitation), name: "Fiona Freelancer", password: freelancer.password } });
  expect(joined.status, await joined.clone().text()).toBe(200);
  const accepted = await fiona.fetch(`/api/contracts/${contract.id}/accept`, { method: "POST" });
  expect(accepted.status, await accepted.clone().text()).toBe(200);

  // R14.1 the client's card (the sandbox provider's verified test card): payment verified, so the week is charged
  const card = await clara.fetch("/api/billing-methods", { method: "POST", json: { kind: "CARD", cardNumber: "4242424242424242", expiry: `12/${String(AT.work.getUTCFullYear() + 3).slice(2)}`, cvc: "123" } });
  expect(card.status, await card.clone().text()).toBe(201);

  const created = await fiona.fetch("/api/settings/tracker-tokens", { method: "POST", json: { name: "Smoke laptop" } });
  expect(created.status).toBe(201);
  const { token } = ((await created.json()) as { token: { token: string; id: string } }).token;
  const tokenId = ((await (await fiona.fetch("/api/settings/tracker-tokens")).json()) as { tokens: Array<{ id: string }> }).tokens[0]!.id;
  const key = makeDeviceKey();
  const tracker = (path: string, init: RequestInit) => fetch(`${base}/api/tracker/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  const put = await tracker("/key", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ publicKey: key.publicKey }) });
  expect(put.status, await put.clone().text()).toBe(200);

  // a payout method now, so it is usable (3 days, R10.1) when the money is
  const method = await fiona.fetch("/api/payout-methods", { method: "POST", json: { kind: "ACH", accountHolder: "Fiona Smoke", routingNumber: "021000021", accountNumber: "000123456789" } });
  expect(method.status, await method.clone().text()).toBe(201);
  const methodId = ((await method.json()) as { method: { id: string } }).method.id;

  const adminMade = await setup;
  expect(adminMade.status, await adminMade.clone().text()).toBe(200);
  expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(1);

  // one tracked slot, signed by the device's key, in the week of AT.work
  const shot = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#2a6f97" } }).jpeg({ quality: 80 }).toBuffer();
  const slot = new Date(AT.work.getTime() - 15 * 60_000);
  const fields = signSegmentUpload(
    {
      segmentId: randomUUID(),
      contractId: contract.id,
      slotStart: slot.toISOString(),
      screenshotTakenAt: new Date(slot.getTime() + 3 * 60_000).toISOString(),
      keyboardCounts: [4, 9, 0, 12, 3, 7, 1, 0, 5, 8],
      mouseCounts: [2, 0, 6, 1, 0, 3, 0, 9, 1, 0],
      memo: "Smoke test",
    },
    { key, tokenId },
    shot,
  );
  const form = new FormData();
  form.set("segment", JSON.stringify(fields));
  form.set("screenshot", new Blob([new Uint8Array(shot)], { type: "image/jpeg" }), "shot.jpg");
  const ingested = await tracker("/segments", { method: "POST", body: form });
  expect(ingested.status, await ingested.clone().text()).toBe(201);
  const stored = (await ingested.json()) as { id: string; screenshot: { url: string } };
  // the screenshot and its thumbnail went to the bucket (read back below through the portal)
  expect(s3!.requests.filter((r) => r.method === "PUT" && r.path.startsWith(`/hourglass/screenshots/${contract.id}/`))).toHaveLength(2);

  // the week closes (R1.3): npm run close-week in the portal's environment
  clock!.set(AT.close);
  await new Promise((r) => setTimeout(r, 1_100)); // every process re-reads the clock each second
  const close = launch("npm", ["run", "--silent", "close-week"], env);
  const [code] = (await once(close.child, "exit")) as [number];
  expect(code, close.output()).toBe(0);
  expect(close.output()).toMatch(/Closed the week of \d{4}-\d{2}-\d{2}/);
  const invoice = await db.invoice.findFirstOrThrow({ where: { contractId: contract.id } });
  expect(invoice.hourlyAmountCents).toBe(417); // 10 minutes at $25/h (R6.1)
  // R14.2 the week charged on the card by the worker (at the close, or at its next run)
  await waitFor("the week's charge paid", 30_000, async () => (await db.charge.findFirst({ where: { client: { email: client.email } } }))?.status === "SUCCEEDED");

  // R6.3 available from the Wednesday after the review window: the worker's earnings-maturity job
  clock!.set(AT.available);
  await new Promise((r) => setTimeout(r, 1_100));
  fiona = await Session.signIn(freelancer.email, freelancer.password); // her session of 16 days ago has expired
  const available = await waitFor("earnings available", 30_000, async () => {
    const res = await fiona.fetch("/api/ledger/balances");
    const { balances } = (await res.json()) as { balances: { availableCents: string } };
    return Number(balances.availableCents) > 0 && Number(balances.availableCents);
  });
  expect(available).toBe(375); // 417 less the 10% service fee, rounded once (R6.2)

  // R10.2 the worker pays it through the sandbox provider (it settles 2 minutes later, on the machine's clock)
  const withdrawal = await fiona.fetch("/api/withdrawals", { method: "POST", json: { amountCents: available, methodId, password: freelancer.password }, headers: { "idempotency-key": randomUUID() } });
  expect(withdrawal.status, await withdrawal.clone().text()).toBe(201);
  const withdrawalId = ((await withdrawal.json()) as { withdrawal: { id: string } }).withdrawal.id;
  clock!.set(new Date(AT.available.getTime() + 5 * 60_000)); // the payouts job runs every 30 s
  await waitFor("the payout submitted", 30_000, async () => (await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).submittedAt);
  clock!.set(new Date(AT.available.getTime() + 10 * 60_000));
  await waitFor("the withdrawal paid", 40_000, async () => (await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).status === "PAID");

  // the screenshot, from S3 through the portal, byte for byte
  const served = await fiona.fetch(stored.screenshot.url);
  expect(served.status).toBe(200);
  expect(Buffer.from(await served.arrayBuffer())).toEqual(shot);
  await expectLedgerInvariants(db);
  // ready: its database, migrations, S3 and the realtime server on its own box all answer
  const ready = await fetch(`${base}/api/health/ready`);
  expect(ready.status, await ready.clone().text()).toBe(200);
  expect(Object.values(((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks).every((c) => c.ok)).toBe(true);
}, 240_000);
