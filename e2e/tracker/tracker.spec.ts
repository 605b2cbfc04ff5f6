// The desktop tracker against the real portal: the CLI in --simulate mode at a
// sped-up clock, a portal killed mid-run, the idle stop, and the segments as
// the portal then holds and serves them.
import { createHash, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { segmentMessage, verifyEd25519 } from "../../verifier/src/signatures";
import { PortalProcess, TrackerCli, PASSWORD, freePort, liveSegments, makeTrackerFixture, portalNow, query, waitFor } from "./support";

const SPEED = "600"; // one 10-minute slot a second

/**
 * Starts the simulated clock hours before the portal's "now" (Wednesday 15:05 of the e2e week), so
 * a sped-up run stays in the past: 10 hours last 60 s of real time at 600x.
 */
const fromHoursAgo = (hours: number) => new Date(portalNow() - hours * 3_600_000).toISOString();

// Each test starts the tracker CLI several times and may start a portal: generous, on a loaded 2-core machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });

test("the simulated tracker posts several slots to the portal, which stores and serves them", async ({ baseURL, playwright }) => {
  const fixture = await makeTrackerFixture("Tracker simulate e2e");
  const cli = new TrackerCli();
  const login = await cli.run("login", baseURL as string, fixture.token);
  expect(login.stderr).toBe("");
  expect(login.stdout).toContain("1 contract(s) can be tracked");
  expect((await cli.run("contracts")).stdout).toContain(fixture.title);

  const started = await cli.run("start", "Tracker simulate", "--memo", "Simulated work", "--simulate", "--speed", SPEED, "--from", fromHoursAgo(10));
  expect(started.stderr).toBe("");
  expect(started.stdout).toContain(`Tracking "${fixture.title}"`);
  try {
    await waitFor("four segments in the portal", async () => (await liveSegments(fixture.contractId)).length >= 4);
    expect((await cli.run("status")).stdout).toContain(`Tracking "${fixture.title}"`);
    // the state tells whether this slot's screenshot was taken, never when it will be
    const state = JSON.parse((await cli.run("status", "--json")).stdout);
    expect(state).toMatchObject({ running: true, alive: true, backend: "simulate", currentSlot: { screenshotTaken: expect.any(Boolean) } });
    expect(Object.keys(state.currentSlot).sort()).toEqual(["screenshotTaken", "slotStart"]);
  } finally {
    expect((await cli.run("stop")).stdout).toMatch(/Tracking stopped at/);
  }

  expect(cli.queued()).toBe(0);
  expect(cli.rejected()).toBe(0);
  const rows = await liveSegments(fixture.contractId);
  const recorded = cli.journal().filter((e) => e.event === "recorded");
  expect(rows.map((r) => r.id).sort()).toEqual(recorded.map((e) => e.segmentId).sort());
  for (const row of rows) {
    expect(row).toMatchObject({ kind: "TRACKED", memo: "Simulated work" });
    expect(row.storage_key).toBeTruthy();
    const minutesWithInput = row.keyboard_counts.filter((k, i) => k > 0 || (row.mouse_counts[i] ?? 0) > 0).length;
    expect(row.activity_level).toBe(minutesWithInput);
  }
  // consecutive slots, one each
  const slots = rows.map((r) => r.slot_start.getTime());
  expect(new Set(slots).size).toBe(slots.length);

  // R15.1 each slot arrived signed by this installation's key (registered for the token at login): the signature
  // verifies over what the portal stores, with the device the token is
  const device = (JSON.parse(readFileSync(path.join(cli.dir, "tracker.json"), "utf8")) as { device: { id: string; keyId: string } }).device;
  const publicKey = createPublicKey(readFileSync(path.join(cli.dir, "device-key.pem"))).export({ format: "jwk" }).x as string;
  const signed = await query<{ id: string; signature: string; signed_by_key_id: string; sha256: string; taken_at: Date }>(
    `SELECT s.id::text, s.signature, s.signed_by_key_id, sc.sha256, sc.taken_at FROM segments s JOIN screenshots sc ON sc.segment_id = s.id WHERE s.contract_id = $1`,
    [fixture.contractId],
  );
  expect(signed).toHaveLength(rows.length);
  for (const row of rows) {
    const proof = signed.find((p) => p.id === row.id)!;
    expect(proof.signed_by_key_id).toBe(device.keyId);
    const stored = { contract: fixture.contractId, slot: row.slot_start.toISOString(), screenshotSha256: proof.sha256, keyboard: row.keyboard_counts, mouse: row.mouse_counts };
    const message = segmentMessage({ ...stored, memo: row.memo, takenAt: proof.taken_at.toISOString(), device: device.id, manual: false });
    expect(await verifyEd25519(publicKey, message, proof.signature)).toBe(true);
  }

  // The client sees the screenshots through the portal; someone else's session does not.
  const asClient = await playwright.request.newContext({ baseURL });
  expect((await asClient.post("/api/session", { data: { email: fixture.clientEmail, password: PASSWORD } })).ok()).toBe(true);
  // the full screenshot served is the very bytes the tracker signed
  const full = await asClient.get(`/api/screenshots/${rows[0]!.id}/full`);
  expect(createHash("sha256").update(await full.body()).digest("hex")).toBe(signed.find((p) => p.id === rows[0]!.id)!.sha256);
  const thumb = await asClient.get(`/api/screenshots/${rows[0]!.id}/thumb`);
  expect(thumb.status()).toBe(200);
  expect(thumb.headers()["content-type"]).toBe("image/webp");
  expect(thumb.headers()["cache-control"]).toMatch(/^private/);
  const other = await makeTrackerFixture("Someone else's");
  const asOther = await playwright.request.newContext({ baseURL });
  expect((await asOther.post("/api/session", { data: { email: other.clientEmail, password: PASSWORD } })).ok()).toBe(true);
  expect((await asOther.get(`/api/screenshots/${rows[0]!.id}/full`)).status()).toBe(404);
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`/api/screenshots/${rows[0]!.id}/full`)).status()).toBe(401);
  await Promise.all([asClient.dispose(), asOther.dispose(), anonymous.dispose()]);
});

test("segments queued while the portal is down arrive within seconds of its restart, each exactly once", async () => {
  const fixture = await makeTrackerFixture("Tracker outage e2e");
  const portal = new PortalProcess(await freePort());
  await portal.start();
  const cli = new TrackerCli(); // the real backoff, up to 5 minutes

  try {
    expect((await cli.run("login", portal.url, fixture.token)).stderr).toBe("");
    const started = await cli.run("start", fixture.contractId, "--memo", "Through an outage", "--simulate", "--speed", SPEED, "--from", fromHoursAgo(20));
    expect(started.stderr).toBe("");
    await waitFor("two delivered segments", async () => (await liveSegments(fixture.contractId)).length >= 2);

    await portal.kill();
    const storedBefore = (await liveSegments(fixture.contractId)).length;
    await waitFor("three segments queued while the portal is down", () => cli.queued() >= 3);
    const status = (await cli.run("status")).stdout;
    expect(status).toMatch(/Queued for delivery: [1-9]/);
    expect(status).toMatch(/Last problem: Cannot reach the portal/);
    expect((await liveSegments(fixture.contractId)).length).toBe(storedBefore);

    // The portal comes back while the tracker waits out a backoff of 20 s or more: GET /ping wakes it,
    // so the first delivery comes before that backoff would have ended (the tracker's own clock, in its log and journal).
    const backoff = await waitFor(
      "a backoff of 20 s or more",
      () => {
        const last = [...cli.log().matchAll(/^\[(\S+)\] Could not deliver .*retrying in ([\d.]+) s/gm)].at(-1);
        return last && Number(last[2]) >= 20 ? { at: Date.parse(last[1] as string), ms: Number(last[2]) * 1000 } : null;
      },
      120_000,
    );
    await portal.start();
    await waitFor("the queue to drain after the restart", async () => cli.queued() === 0 && (await liveSegments(fixture.contractId)).length > storedBefore + 2);
    expect(cli.log()).toMatch(/The portal answers again; sending the \d+ queued segment\(s\) now\./);
    const firstAfter = readFileSync(path.join(cli.dir, "tracker-journal.log"), "utf8")
      .split("\n")
      .map((line) => line.split(" "))
      .find(([at, event]) => event === "delivered" && Date.parse(at as string) > backoff.at);
    expect(Date.parse(firstAfter?.[0] as string)).toBeLessThan(backoff.at + backoff.ms);
  } finally {
    await cli.run("stop");
    await portal.kill();
  }

  expect(cli.queued()).toBe(0);
  expect(cli.rejected()).toBe(0);
  const rows = await liveSegments(fixture.contractId);
  const recorded = cli.journal().filter((e) => e.event === "recorded");
  const delivered = cli.journal().filter((e) => e.event === "delivered");
  // Nothing lost, nothing doubled: every recorded segment is stored once under its own id.
  expect(rows.map((r) => r.id).sort()).toEqual(recorded.map((e) => e.segmentId).sort());
  expect(new Set(delivered.map((e) => e.segmentId)).size).toBe(recorded.length);
  expect(new Set(rows.map((r) => r.slot_start.getTime())).size).toBe(rows.length);
});

test("the tracker stops itself after 10 idle minutes, says so, and does not send the idle slots", async () => {
  const fixture = await makeTrackerFixture("Tracker idle e2e");
  const cli = new TrackerCli();
  expect((await cli.run("login", process.env.E2E_BASE_URL as string, fixture.token)).stderr).toBe("");
  const from = new Date(Math.floor((portalNow() - 5 * 3_600_000) / 600_000) * 600_000 + 1_000).toISOString();
  const started = await cli.run("start", fixture.title, "--memo", "Then a long call", "--simulate", "--speed", SPEED, "--from", from, "--simulate-quiet-after", "25");
  expect(started.stderr).toBe("");
  const stopped = await waitFor("the tracker to stop by itself", async () => {
    const out = (await cli.run("status")).stdout;
    return out.includes("Not tracking.") && !out.includes("(delivering)") && cli.queued() === 0 ? out : null;
  });
  expect(stopped).toMatch(/Last run: Tracking stopped by itself at \d\d:\d\d UTC after 10 minutes without keyboard or mouse input/);
  expect(cli.log()).toMatch(/stopped by itself/);

  const rows = await liveSegments(fixture.contractId);
  // Input stopped 25 simulated minutes after the start: no slot after that is sent, and every sent slot had input.
  const idleFrom = Date.parse(from) + 25 * 60_000;
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.slot_start.getTime()).toBeLessThan(idleFrom);
    expect(row.activity_level).toBeGreaterThan(0);
  }
});

test("the OpenAPI document is served publicly and the tracker API answers bad uploads over real HTTP", async ({ request }) => {
  const doc = await request.get("/api/tracker/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect((await doc.json()).openapi).toBe("3.1.0");

  const fixture = await makeTrackerFixture("Tracker HTTP e2e");
  const headers = { authorization: `Bearer ${fixture.token}` };
  const big = Buffer.alloc(10 * 1024 * 1024 + 100_000, 1);
  big.set([0xff, 0xd8, 0xff]);
  const tooLarge = await request.post("/api/tracker/v1/segments", {
    headers,
    multipart: { segment: JSON.stringify({}), screenshot: { name: "big.jpg", mimeType: "image/jpeg", buffer: big } },
  });
  expect(tooLarge.status()).toBe(413);
  expect((await tooLarge.json()).error.code).toBe("payload_too_large");
  const notMultipart = await request.post("/api/tracker/v1/segments", { headers, data: { segmentId: "x" } });
  expect(notMultipart.status()).toBe(415);
  // the portal is still fine afterwards
  expect((await request.get("/api/tracker/v1/me", { headers })).status()).toBe(200);
});
