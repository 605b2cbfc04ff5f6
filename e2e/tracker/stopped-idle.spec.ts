// R16.4 "tracker stopped for inactivity": the CLI tracker in --simulate mode stops itself for
// inactivity and tells the real portal, which notifies the freelancer; with the portal down at that
// moment the event waits on disk and is delivered once the portal is back.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PortalProcess, TrackerCli, freePort, makeTrackerFixture, portalNow, query, waitFor } from "./support";

const SPEED = "600"; // one 10-minute slot a second

test.describe.configure({ mode: "serial", timeout: 180_000 });

interface NotificationRow {
  kind: string;
  title: string;
  body: string;
  link: string;
}

function idleNotifications(contractId: string): Promise<NotificationRow[]> {
  return query<NotificationRow>(
    `SELECT n.kind::text, n.title, n.body, n.link FROM notifications n JOIN contracts c ON c.freelancer_id = n.user_id
     WHERE c.id = $1 AND n.kind = 'tracker_stopped_idle' ORDER BY n.created_at`,
    [contractId],
  );
}

function eventsQueued(cli: TrackerCli): number {
  const dir = path.join(cli.dir, "events");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).length : 0;
}

/** A start on the 10-minute grid a few hours before the portal's now, so the sped-up run stays in the past. */
const fromHoursAgo = (hours: number) => new Date(Math.floor((portalNow() - hours * 3_600_000) / 600_000) * 600_000 + 1_000).toISOString();

test("a tracker that stops itself for inactivity tells the portal, which notifies the freelancer once", async ({ baseURL }) => {
  const fixture = await makeTrackerFixture("Tracker idle notice e2e");
  const cli = new TrackerCli();
  expect((await cli.run("login", baseURL as string, fixture.token)).stderr).toBe("");
  const started = await cli.run("start", fixture.title, "--simulate", "--speed", SPEED, "--from", fromHoursAgo(5), "--simulate-quiet-after", "15", "--idle-after", "5");
  expect(started.stderr).toBe("");

  const status = await waitFor("the tracker to stop by itself and deliver everything", async () => {
    const out = (await cli.run("status")).stdout;
    return out.includes("Not tracking.") && !out.includes("(delivering)") && cli.queued() === 0 && eventsQueued(cli) === 0 ? out : null;
  });
  const stoppedAt = /stopped by itself at (\d\d:\d\d) UTC/.exec(status)?.[1];
  expect(stoppedAt).toBeTruthy();

  const rows = await waitFor("the freelancer's notification", async () => {
    const found = await idleNotifications(fixture.contractId);
    return found.length ? found : null;
  });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ kind: "tracker_stopped_idle", title: `Tracker stopped: ${fixture.title}` });
  expect(rows[0]!.body).toContain(`at ${stoppedAt} UTC`);
  expect(rows[0]!.link).toContain(`/diary?contract=${fixture.contractId}`);
  expect(cli.journal().filter((e) => e.event === "event-delivered")).toEqual([expect.objectContaining({ segmentId: "stopped_idle", status: 201 })]);
});

test("an idle stop while the portal is down waits on disk and reaches the freelancer once the portal is back", async () => {
  const fixture = await makeTrackerFixture("Tracker idle offline e2e");
  const portal = new PortalProcess(await freePort());
  await portal.start();
  // a short backoff cap, so the tracker tries again within seconds of the portal's return
  const cli = new TrackerCli({ HOURGLASS_TRACKER_RETRY_MAX_MS: "2000" });
  try {
    expect((await cli.run("login", portal.url, fixture.token)).stderr).toBe("");
    await portal.kill();
    const started = await cli.run("start", fixture.contractId, "--simulate", "--speed", SPEED, "--from", fromHoursAgo(6), "--simulate-quiet-after", "15", "--idle-after", "5");
    expect(started.stderr).toBe("");
    expect(started.stdout).toContain("Tracking offline");

    await waitFor("the idle stop's event on disk", async () => eventsQueued(cli) === 1 && (await cli.run("status")).stdout.includes("Not tracking."));
    // the tracker stopped itself, but keeps its process alive to deliver
    expect((await cli.run("status")).stdout).toContain("(delivering)");
    expect(await idleNotifications(fixture.contractId)).toEqual([]);

    await portal.start();
    await waitFor("the event delivered", () => eventsQueued(cli) === 0 && cli.queued() === 0, 90_000);
    const rows = await idleNotifications(fixture.contractId);
    expect(rows.map((r) => r.kind)).toEqual(["tracker_stopped_idle"]);
    await waitFor("the tracker to finish delivering", async () => !(await cli.run("status")).stdout.includes("(delivering)"));
  } finally {
    await cli.run("stop");
    await portal.kill();
  }
});
