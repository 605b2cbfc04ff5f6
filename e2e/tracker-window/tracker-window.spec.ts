// The tracker's window, served by the tracker process and driven in Chromium
// under Xvfb, against the real e2e portal: device sign-in, start with a memo,
// a memo change that the next segment carries, a deleted preview whose slot
// never arrives, and a contract switch.
import { expect, test, type Browser, type Page } from "@playwright/test";
import type { Xvfb } from "../../tracker/testing/xvfb";
import { PASSWORD, liveSegments, makeTrackerFixture, portalNow, waitFor, type StoredRow } from "../tracker/support";
import { TrackerWindowProcess, secondContract, windowBrowser } from "./support";

// One 10-minute slot every 20 s of real time: the preview can be deleted before its slot ends.
const SPEED = "30";

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
  const page = await browser.newPage({ viewport: { width: 420, height: 640 } });
  await page.goto(url);
  return page;
}

interface WindowState {
  tracking: { contractId: string; memo: string | null; slot: { start: string; screenshotTaken: boolean; progress: number } | null } | null;
  preview: { slotStart: string; deletable: boolean; discarded: boolean } | null;
  queue: { size: number };
}

const windowState = (page: Page) => page.evaluate(() => fetch("api/state").then((r) => r.json())) as Promise<WindowState>;
const at = (row: StoredRow) => row.slot_start.toISOString();

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
    await page.close();
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
    // Sign in with a pasted token (the headless way), through the window.
    await page.getByLabel("Portal address").fill(baseURL as string);
    await page.getByText("Use a token instead").click();
    await page.getByLabel("Tracker token (Settings › Tracker)").fill(fixture.token);
    await page.getByRole("button", { name: "Sign in with the token" }).click();
    const picker = page.getByLabel("Contract");
    await expect(picker).toContainText("Window contract B");
    await expect(page.getByText(/Test mode: clock at 30x/)).toBeVisible();

    // Start with a memo.
    await picker.selectOption(fixture.contractId);
    await page.getByLabel("Memo: what you are working on").fill("First memo");
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Tracking Window contract A" })).toBeVisible();
    await expect(page.getByText("Without a memo")).toBeHidden();
    await waitFor("the first segment", async () => (await liveSegments(fixture.contractId)).length >= 1, 120_000);
    expect((await liveSegments(fixture.contractId))[0]!.memo).toBe("First memo");

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
    await page.close();
    expect(await tracker.stop()).toBe(0);
  }
});
