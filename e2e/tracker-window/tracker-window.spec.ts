// The tracker's window, served by the tracker process and driven in Chromium
// under Xvfb, against the real e2e portal: device sign-in, start with a memo,
// a memo change that the next segment carries, a deleted preview whose slot
// never arrives, and a contract switch.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import type { Xvfb } from "../../tracker/testing/xvfb";
import { PASSWORD, liveSegments, makeTrackerFixture, portalNow, query, waitFor, type StoredRow } from "../tracker/support";
import { TrackerWindowProcess, secondContract, windowBrowser } from "./support";

// One 10-minute slot every 10 s of real time: the preview can be deleted before its slot ends (a
// screenshot late in its slot is retried below), and the test waits on about seven slots.
const SPEED = "60";

test.describe.configure({ mode: "serial", timeout: 420_000 });

let browser: Browser;
let xvfb: Xvfb | null = null;

test.beforeAll(async () => {
  const launched = await windowBrowser();
  browser = launched.browser;
  xvfb = launched.xvfb;
  process.stdout.write(`Tracker window e2e: Chromium ${launched.headed ? `headed on Xvfb ${launched.xvfb?.display}` : "headless"}\n`);
});

test.afterAll(async () => {
  await browser?.close();
  await xvfb?.stop();
});

async function openWindow(url: string): Promise<Page> {
  // a context of its own per window (axe needs one made by newContext)
  const context = await browser.newContext({ viewport: { width: 420, height: 640 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

interface WindowState {
  tracking: { contractId: string; memo: string | null; slot: { start: string; screenshotTaken: boolean; progress: number } | null } | null;
  preview: { slotStart: string; deletable: boolean; discarded: boolean } | null;
  queue: { size: number };
  settings: { idleMinutes: number; notifyOnScreenshot: boolean };
}

const windowState = (page: Page) => page.evaluate(() => fetch("api/state").then((r) => r.json())) as Promise<WindowState>;
const at = (row: StoredRow) => row.slot_start.toISOString();

/** Serious or critical accessibility problems axe finds in the window. */
async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

/** Signs the window in with a pasted token (the headless way). */
async function signInWithToken(page: Page, baseURL: string, token: string): Promise<void> {
  await page.getByLabel("Portal address").fill(baseURL);
  await page.getByText("Use a token instead").click();
  await page.getByLabel("Tracker token (Settings › Tracker)").fill(token);
  await page.getByRole("button", { name: "Sign in with the token" }).click();
  await expect(page.getByLabel("Contract")).toBeVisible();
}

/** Waits for a slot that has most of its time still to run, so an action lands inside it. */
const earlyInSlot = (page: Page) =>
  waitFor("the start of a slot", async () => {
    const s = await windowState(page);
    return s.tracking?.slot && s.tracking.slot.progress < 0.5 ? s : null;
  }, 60_000);

test("device sign-in from the window against the portal's /device page", async ({ baseURL }) => {
  const fixture = await makeTrackerFixture("Window device sign-in");
  const tracker = new TrackerWindowProcess();
  const url = await tracker.start();
  const page = await openWindow(url);
  try {
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(await axeProblems(page)).toEqual([]);
    // A second start finds this one running and opens its address again.
    expect(await tracker.cli("app", "--no-window")).toEqual({ code: 0, stdout: `The tracker is already running: ${url}\n` });
    await page.getByLabel("Portal address").fill(baseURL as string);
    await page.getByLabel("Name of this computer (optional)").fill("Window e2e laptop");
    await page.getByRole("button", { name: "Sign in with the browser" }).click();
    const code = page.getByLabel("Sign-in code");
    await expect(code).toHaveText(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const userCode = (await code.textContent()) as string;
    const verify = (await page.getByRole("link", { name: "Open the sign-in page" }).getAttribute("href")) as string;
    const verifyUrl = new URL(verify);
    expect(`${verifyUrl.pathname}${verifyUrl.search}`).toBe(`/device?code=${userCode}`);

    // The freelancer approves the code in the browser, signed in to the portal.
    const portal = await browser.newContext({ baseURL });
    expect((await portal.request.post("/api/session", { data: { email: fixture.freelancerEmail, password: PASSWORD } })).ok()).toBe(true);
    const approve = await portal.newPage();
    await approve.goto(`${verifyUrl.pathname}${verifyUrl.search}`);
    await expect(approve.getByTestId("device-user-code")).toHaveText(userCode);
    await expect(approve.getByLabel("Device name")).toHaveValue("Window e2e laptop");
    await approve.getByRole("button", { name: "Approve" }).click();

    // The window signs itself in and lists the freelancer's contracts.
    await expect(page.getByLabel("Contract")).toContainText(fixture.title, { timeout: 30_000 });
    await expect(page.getByText("Weekly limit:")).toBeVisible();
    await portal.close();
  } finally {
    await page.context().close();
    await tracker.stop();
  }
});

test("start with a memo, change it, delete a preview, switch contracts: the portal gets exactly that", async ({ baseURL }) => {
  const fixture = await makeTrackerFixture("Window contract A");
  const otherId = await secondContract(fixture, "Window contract B");
  const tracker = new TrackerWindowProcess();
  // Hours before the portal's "now", so the sped-up slots are never in the portal's future.
  const url = await tracker.start("--simulate", "--speed", SPEED, "--from", new Date(portalNow() - 4 * 3_600_000).toISOString());
  const page = await openWindow(url);
  try {
    await signInWithToken(page, baseURL as string, fixture.token);
    const picker = page.getByLabel("Contract");
    await expect(picker).toContainText("Window contract B");
    await expect(page.getByText(new RegExp(`Test mode: clock at ${SPEED}x`))).toBeVisible();

    // Start with a memo.
    await picker.selectOption(fixture.contractId);
    await page.getByLabel("Memo: what you are working on").fill("First memo");
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Tracking Window contract A" })).toBeVisible();
    await expect(page.getByText("Without a memo")).toBeHidden();
    await waitFor("the first segment", async () => (await liveSegments(fixture.contractId)).length >= 1, 120_000);
    expect((await liveSegments(fixture.contractId))[0]!.memo).toBe("First memo");
    // The command line sees the window's tracking, and refuses to start a second tracker.
    const status = JSON.parse((await tracker.cli("status", "--json")).stdout);
    expect(status).toMatchObject({ running: true, alive: true, contractTitle: fixture.title, backend: "simulate" });
    const second = await tracker.cli("start", fixture.contractId, "--memo", "twice", "--simulate", "--speed", SPEED);
    expect(second.code).toBe(1);

    // Change the memo: the running slot keeps the first, the next slot carries the new one.
    const changedFrom = (await earlyInSlot(page)).tracking!.slot!.start;
    await page.getByLabel("Memo: what you are working on").fill("Second memo");
    await page.getByRole("button", { name: "Save memo" }).click();
    const changedIn = (await waitFor("the new memo", async () => {
      const s = await windowState(page);
      return s.tracking?.memo === "Second memo" ? s : null;
    })).tracking!.slot!.start;
    const afterChange = await waitFor("a segment after the memo change", async () => (await liveSegments(fixture.contractId)).find((r) => at(r) > changedIn), 120_000);
    expect(afterChange.memo).toBe("Second memo");
    const memos = await liveSegments(fixture.contractId);
    for (const row of memos) {
      if (at(row) <= changedFrom) expect(row.memo).toBe("First memo");
      if (at(row) > changedIn) expect(row.memo).toBe("Second memo");
    }
    // never the old memo after the new one
    const firstNew = memos.findIndex((r) => r.memo === "Second memo");
    expect(memos.slice(firstNew).every((r) => r.memo === "Second memo")).toBe(true);

    // Delete a preview before its slot ends: that slot never arrives. (A screenshot taken in the
    // last second of its slot may end before the click lands; then the next one is deleted.)
    let deleted: string | null = null;
    for (let attempt = 0; attempt < 4 && !deleted; attempt++) {
      const deleteButton = page.getByRole("button", { name: "Delete screenshot" });
      await expect(deleteButton).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole("img", { name: "The last screenshot" })).toBeVisible();
      await expect(page.getByRole("img", { name: /^Activity per minute/ })).toBeVisible();
      const slot = (await deleteButton.getAttribute("data-slot")) as string;
      await deleteButton.click();
      const state = await waitFor("the deletion's answer", async () => {
        const s = await windowState(page);
        return s.preview?.slotStart !== slot || s.preview.discarded || !s.preview.deletable ? s : null;
      });
      if (state.preview?.slotStart === slot && state.preview.discarded) deleted = slot;
    }
    expect(deleted).not.toBeNull();
    await expect(page.getByText(/deleted: that slot is not sent and not paid/)).toBeVisible();
    await waitFor("a segment after the deleted slot", async () => (await liveSegments(fixture.contractId)).some((r) => at(r) > (deleted as string)), 120_000);
    expect((await liveSegments(fixture.contractId)).map(at)).not.toContain(deleted);

    // Switch contracts in one action: the picker, then confirm.
    const before = await earlyInSlot(page);
    const switchSlot = before.tracking!.slot!.start;
    const shotTaken = before.tracking!.slot!.screenshotTaken;
    page.once("dialog", (dialog) => {
      expect(dialog.message()).toContain("Switch tracking to Window contract B");
      void dialog.accept();
    });
    await picker.selectOption(otherId);
    await expect(page.getByRole("status").filter({ hasText: "Tracking Window contract B" })).toBeVisible();
    await waitFor("a segment of the second contract", async () => (await liveSegments(otherId)).length >= 1, 120_000);
    expect((await liveSegments(otherId))[0]!.memo).toBe("Second memo");
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Not tracking." })).toBeVisible();

    // R2.3 the slot running at the switch is A's only if its screenshot was taken; nothing of A after it.
    await waitFor("the queue to empty", async () => (await windowState(page)).queue.size === 0, 60_000);
    const first = (await liveSegments(fixture.contractId)).map(at);
    expect(first.every((s) => s <= switchSlot)).toBe(true);
    if (shotTaken) expect(first).toContain(switchSlot);
    expect((await liveSegments(otherId)).every((r) => at(r) >= switchSlot)).toBe(true);
  } finally {
    await page.context().close();
    expect(await tracker.stop()).toBe(0);
  }
});

test("inactivity notice, empty-memo warning, contract figures and links, screenshot notifications and settings that persist", async ({ baseURL }) => {
  const fixture = await makeTrackerFixture("Window idle and settings");
  // A stand-in for the desktop's notify-send that writes down what it was asked to show.
  const bin = mkdtempSync(path.join(tmpdir(), "hourglass-notify-"));
  const notified = path.join(bin, "notified.log");
  writeFileSync(path.join(bin, "notify-send"), `#!/bin/sh\necho "$@" >> '${notified}'\n`, { mode: 0o755 });
  writeFileSync(notified, "");
  const notifications = () => readFileSync(notified, "utf8").split("\n").filter(Boolean);
  // and for the default browser ($BROWSER), which portal pages open in
  const opened = path.join(bin, "opened.log");
  writeFileSync(path.join(bin, "browser"), `#!/bin/sh\necho "$@" >> '${opened}'\n`, { mode: 0o755 });
  writeFileSync(opened, "");
  const tracker = new TrackerWindowProcess({ PATH: `${bin}${path.delimiter}${process.env.PATH}`, BROWSER: path.join(bin, "browser") });
  // 2 simulated minutes a second; the simulated input stops 12 minutes into each run.
  const flags = (hoursAgo: number) => ["--simulate", "--speed", "120", "--idle-after", "12", "--from", new Date(portalNow() - hoursAgo * 3_600_000).toISOString()];
  let page = await openWindow(await tracker.start(...flags(8)));
  try {
    await signInWithToken(page, baseURL as string, fixture.token);
    await expect(page.getByText(/^Weekly limit: none · Today: \d+:\d\d · This week: \d+:\d\d$/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Work Diary" })).toHaveAttribute("href", new RegExp(`^${baseURL}/diary\\?contract=${fixture.contractId}`));
    await expect(page.getByRole("link", { name: /^Messages/ })).toHaveAttribute("href", new RegExp(`^${baseURL}/messages`));
    // Portal pages open in the default browser (signed in there); nothing else may be opened through the window.
    await page.getByRole("link", { name: "Work Diary" }).click();
    await expect.poll(() => readFileSync(opened, "utf8").trim(), { timeout: 10_000 }).toBe(`${baseURL}/diary?contract=${fixture.contractId}&tz=mine`);
    const foreign = await page.evaluate(() =>
      fetch("api/open", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: "https://evil.example/" }) }).then((r) => r.status),
    );
    expect(foreign).toBe(403);

    // Settings: inactivity limit 5 minutes; notifications stay on (the default).
    await page.getByText("Settings", { exact: true }).click();
    await expect(page.getByLabel("Notify me when a screenshot is taken")).toBeChecked();
    await expect(page.getByLabel("the monitor under the pointer")).toBeChecked();
    await page.getByLabel("Stop after this many minutes without input").fill("5");
    await page.getByLabel("Stop after this many minutes without input").blur();
    await expect.poll(async () => (await windowState(page)).settings.idleMinutes).toBe(5);

    // Starting without a memo asks first (no Hourly Protection, R5), then says so while tracking.
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByText("Without a memo this time has no Hourly Protection.")).toBeVisible();
    expect(asked).toContain("no Hourly Protection");
    expect(await axeProblems(page)).toEqual([]);

    // R2.4 input stops after 12 minutes, the limit is 5: the window says when tracking stopped itself.
    const notice = page.getByRole("alert").filter({ hasText: "Tracking stopped by itself" });
    await expect(notice).toContainText(/stopped by itself at \d\d:\d\d UTC after 5 minutes without keyboard or mouse input/, { timeout: 60_000 });
    await expect(page.getByRole("button", { name: "Start" })).toBeVisible();
    expect(notifications().filter((n) => n.includes("Screenshot taken")).length).toBeGreaterThanOrEqual(1);
    expect(notifications().some((n) => n.includes("stopped by itself"))).toBe(true);

    // Notifications off; the settings outlive the process.
    await page.getByLabel("Notify me when a screenshot is taken").uncheck();
    await expect.poll(async () => (await windowState(page)).settings.notifyOnScreenshot).toBe(false);
    await page.context().close();
    expect(await tracker.stop()).toBe(0);
    // (the second run's clock starts at other hours: the slots of the first are taken)
    page = await openWindow(await tracker.start(...flags(6)));
    await page.getByText("Settings", { exact: true }).click();
    await expect(page.getByLabel("Notify me when a screenshot is taken")).not.toBeChecked();
    await expect(page.getByLabel("Stop after this many minutes without input")).toHaveValue("5");

    const shotsBefore = notifications().filter((n) => n.includes("Screenshot taken")).length;
    await page.getByLabel("Memo: what you are working on").fill("Quiet afternoon");
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("img", { name: "The last screenshot" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("alert").filter({ hasText: "Tracking stopped by itself" })).toBeVisible({ timeout: 60_000 });
    expect(notifications().filter((n) => n.includes("Screenshot taken")).length).toBe(shotsBefore);
    await expect(page.getByText(/^Waiting to send: 0\. Last sync: (?!not yet)/)).toBeVisible({ timeout: 30_000 });
  } finally {
    await page.context().close();
    await tracker.stop();
  }
});

test("Sign out: refused while tracking; confirmed, the portal revokes the token and the window asks to sign in", async ({ baseURL }) => {
  const fixture = await makeTrackerFixture("Window sign-out");
  const tracker = new TrackerWindowProcess();
  const page = await openWindow(await tracker.start("--simulate"));
  const revokedAt = async () => (await query<{ revoked_at: Date | null }>(`SELECT revoked_at FROM tracker_tokens WHERE prefix = $1`, [fixture.token.slice(0, 10)]))[0]?.revoked_at ?? null;
  const config = path.join(tracker.home, "hourglass", "tracker.json");
  try {
    await signInWithToken(page, baseURL as string, fixture.token);
    await page.getByLabel("Memo: what you are working on").fill("Before signing out");
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();

    // While tracking: the button says to stop first (no question asked), and the window's server refuses too.
    await page.getByText("Settings", { exact: true }).click();
    let asked = 0;
    page.on("dialog", () => asked++);
    await page.getByRole("button", { name: "Sign out of this computer" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Stop tracking first, then sign out." })).toBeVisible();
    expect(asked).toBe(0);
    const refused = await page.evaluate(() => fetch("api/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then(async (r) => ({ status: r.status, body: await r.json() })));
    expect(refused).toEqual({ status: 409, body: { error: 'Stop tracking "Window sign-out" first, then sign out.' } });
    expect(await revokedAt()).toBeNull();

    await page.getByRole("button", { name: "Stop" }).click();
    await expect(page.getByRole("button", { name: "Start" })).toBeVisible();
    // Cancelled: still signed in.
    page.removeAllListeners("dialog");
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("button", { name: "Sign out of this computer" }).click();
    await expect(page.getByLabel("Contract")).toBeVisible();
    expect(existsSync(config)).toBe(true);

    let question = "";
    page.once("dialog", (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Sign out of this computer" }).click();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(question).toBe(`Sign out of ${baseURL}? The portal revokes this computer's token; you sign in again to track.`);
    await expect(page.getByRole("status").filter({ hasText: "Signed out of" })).toContainText(`Signed out of ${baseURL}; the portal revoked this computer's token.`);
    expect(await revokedAt()).not.toBeNull();
    expect(existsSync(config)).toBe(false);
    expect((await tracker.cli("status")).stdout).toContain("Not logged in");
  } finally {
    await page.context().close();
    await tracker.stop();
  }
});
