// The Work Diary's hardening in real Chromium on the demo seed: the contract it
// opens on, folded empty hours, the screenshot viewer's neighbours and cache, the unverified-payment
// notice, and WCAG 2.1 AA (axe) on the diary and Messages. Reads Support retainer (carl's, farah's)
// on Tuesday 11 June, 13:00-15:00 UTC, which the other e2e files leave alone.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../fixtures";
import { contractId } from "./support";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

const TUESDAY = "2024-06-11";

async function diaryAs(page: Page, who: DemoUserKey, search = ""): Promise<void> {
  await signIn(page, who, `/diary${search}`);
  await expect(page.getByTestId("diary-grid").or(page.getByTestId("diary-empty"))).toBeVisible();
  await expect(page.getByTestId("diary-grid").or(page.getByTestId("diary-empty"))).not.toHaveAttribute("aria-busy", "true");
}

async function supportTuesday(page: Page, who: DemoUserKey, extra = ""): Promise<string> {
  const id = await contractId("Support retainer");
  await diaryAs(page, who, `?contract=${id}&day=${TUESDAY}&tz=utc${extra}`);
  return id;
}

/** WCAG 2.0/2.1 A and AA violations inside the page's main content (the header is not this slice's). */
async function axe(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("without a contract in the URL the diary opens the most recently tracked contract, not the paused one first by title", async ({ browser }) => {
  for (const [who, title] of [["fiona", "Mobile app development"], ["carl", "Support retainer"]] as const) {
    const page = await (await browser.newContext()).newPage();
    await diaryAs(page, who);
    // Both have "Logo refresh" (paused since last week) first by title.
    await expect(page.getByLabel("Contract")).toHaveValue(await contractId(title));
    await page.context().close();
  }
});

test("empty hours fold into one line per run, a toggle in the URL shows them, and on a phone the first screenshot is within a screen and a half", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await supportTuesday(page, "carl");
  const folds = page.getByTestId("folded-hours");
  await expect(folds).toHaveText([/No time tracked 00:00–13:00/, /No time tracked 15:00–24:00/]);
  await expect(page.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("rowheader")).toHaveText(["13:00", "14:00"]);
  // The 2-hour day's grid is shorter than the screen (24 rows were 1,915 px), and the first
  // screenshot is within a screen and a half from the top (it was 3.5 screens down).
  expect((await page.getByTestId("diary-grid").boundingBox())!.height).toBeLessThan(844);
  const firstShot = page.locator('[data-kind="TRACKED"] img').first();
  const top = await firstShot.evaluate((img) => img.getBoundingClientRect().top + window.scrollY);
  expect(top).toBeLessThan(1.5 * 844);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The fold's own button shows every hour and puts focus on the first hour it held.
  await folds.first().getByRole("button", { name: "No time tracked 00:00–13:00, show the empty hours" }).click();
  await expect(page.getByRole("row")).toHaveCount(24);
  await expect(page).toHaveURL(/[?&]hours=all/);
  await expect(page.locator('[role="gridcell"]:focus')).toHaveAttribute("data-slot", `${TUESDAY}T00:00:00.000Z`);
  await page.reload();
  await expect(page.getByRole("row")).toHaveCount(24);
  const toggle = page.getByLabel("Show empty hours");
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(page.getByRole("row")).toHaveCount(4);
  await expect(page).not.toHaveURL(/hours=/);
  await page.context().close();
});

test("the keyboard moves over folded hours: ArrowDown from the last 13:00 cell goes to 14:00, End of the day stays on 14:00", async ({ page }) => {
  await supportTuesday(page, "carl");
  const cells = page.locator('[role="row"]').filter({ has: page.getByRole("rowheader", { name: "13:00" }) }).getByRole("gridcell");
  await cells.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[role="gridcell"]:focus')).toHaveAttribute("data-slot", new RegExp(`^${TUESDAY}T14:`));
  await page.keyboard.press("Control+End");
  await expect(page.locator('[role="gridcell"]:focus')).toHaveAttribute("data-slot", `${TUESDAY}T14:50:00.000Z`);
});

test("the screenshot viewer has its neighbours' images before Next is pressed; screenshots are private, immutable and revalidate by ETag", async ({ page }) => {
  await supportTuesday(page, "carl");
  const requested: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/screenshots\/[^/]+\/full$/.test(path)) requested.push(path);
  });
  await page.locator('[data-kind="TRACKED"]').nth(1).click();
  const viewer = page.getByTestId("screenshot-viewer");
  const shown = viewer.getByRole("img", { name: /Screenshot taken at/ });
  await expect(shown).toBeVisible();
  const current = new URL((await shown.getAttribute("src")) as string, page.url()).pathname;
  // The current one and both neighbours are fetched while the second segment is shown.
  await expect.poll(() => new Set(requested).size).toBeGreaterThanOrEqual(3);
  const before = new Set(requested);
  expect(before.has(current)).toBe(true);

  await viewer.getByRole("button", { name: "Next ›" }).click();
  const next = new URL((await shown.getAttribute("src")) as string, page.url()).pathname;
  expect(next).not.toBe(current);
  expect(before.has(next)).toBe(true); // asked for before Next was pressed
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  const first = await page.request.get(next);
  expect(first.status()).toBe(200);
  expect(first.headers()["cache-control"]).toBe("private, max-age=31536000, immutable");
  const etag = first.headers()["etag"] as string;
  expect(etag).toBeTruthy();
  const again = await page.request.get(next, { headers: { "if-none-match": etag } });
  expect(again.status()).toBe(304);
});

test("a client without a verified payment method is told in the diary, and so is the freelancer; a verified client's diary says nothing", async ({ browser }) => {
  for (const [who, text] of [
    ["carl", "you have no verified payment method"],
    ["farah", "Carl Client has no verified payment method"],
  ] as const) {
    const page = await (await browser.newContext()).newPage();
    await supportTuesday(page, who);
    const notice = page.getByTestId("unverified-payment");
    await expect(notice).toContainText(text);
    await expect(notice).toContainText(/not covered by Hourly Protection/i);
    await page.context().close();
  }
  const clara = await (await browser.newContext()).newPage();
  await diaryAs(clara, "clara");
  await expect(clara.getByTestId("diary-grid")).toBeVisible();
  await expect(clara.getByTestId("unverified-payment")).toHaveCount(0);
  await clara.context().close();
});

test("the diary meets WCAG 2.1 AA (axe), folded and with every empty hour, for the client and the freelancer", async ({ browser }) => {
  for (const who of ["carl", "farah"] as const) {
    for (const extra of ["", "&hours=all"]) {
      const page = await (await browser.newContext()).newPage();
      await supportTuesday(page, who, extra);
      expect(await axe(page), `${who} ${extra || "folded"}`).toEqual([]);
      await page.context().close();
    }
  }
});

test("Messages meets WCAG 2.1 AA (axe): the list and a conversation opened from it", async ({ page }) => {
  await signIn(page, "farah", "/messages");
  await expect(page.getByTestId("conversation-item").first()).toBeVisible();
  expect(await axe(page), "/messages").toEqual([]);
  await page.getByTestId("conversation-item").filter({ hasText: "Support retainer" }).click();
  await expect(page.getByRole("log")).toBeVisible();
  await expect(page.getByRole("log").getByRole("listitem").first()).toBeVisible();
  expect(await axe(page), "a conversation").toEqual([]);
});
