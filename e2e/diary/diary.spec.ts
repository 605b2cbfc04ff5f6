// The Work Diary in real Chromium on the demo seed (clock: Wed 12 June 2024 15:05 UTC).
// Serial: the tests change the seed's contracts one after another (a deletion and tracked time on
// "Mobile app development" today, manual time and then a dispute on "Data cleanup"), and each
// looks only at what it changed.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, signIn } from "../fixtures";
import { TODAY, TrackerCli, contractId, goToDay, minutesOf, openDiary, query, screenshotWithThumbnails, waitFor } from "./support";

test.describe.configure({ mode: "serial" });

const slot = (time: string, day = TODAY) => `[data-slot="${day}T${time}:00.000Z"]`;

test("someone not on the contract gets 404 for its diary page, its day and its screenshots", async ({ browser }) => {
  const id = await contractId("Mobile app development");
  const [seg] = await query<{ id: string }>(
    "SELECT s.id::text FROM segments s JOIN screenshots sc ON sc.segment_id = s.id WHERE s.contract_id = $1 AND s.deleted_at IS NULL ORDER BY s.slot_start LIMIT 1",
    [id],
  );
  const urls = [`/api/screenshots/${seg!.id}/thumb`, `/api/screenshots/${seg!.id}/full`, `/api/diary/${id}/days/${TODAY}?tz=utc`];

  // A positive control: the contract's client gets them.
  const clara = await browser.newContext();
  expect((await clara.request.post("/api/session", { data: { email: DEMO_USERS.clara.email, password: DEMO_PASSWORD } })).ok()).toBe(true);
  for (const url of urls) expect((await clara.request.get(url)).status(), url).toBe(200);
  await clara.close();

  for (const who of ["carl", "farah"] as const) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await signIn(p, who, "/diary");
    const response = await p.goto(`/diary?contract=${id}&day=${TODAY}`);
    expect(response?.status()).toBe(404);
    await expect(p.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    await expect(p.getByText("Mobile app development")).toHaveCount(0);
    for (const url of urls) expect((await p.request.get(url)).status(), `${who} ${url}`).toBe(404);
    expect((await p.request.delete(`/api/diary/${id}/segments`, { data: { segmentIds: [seg!.id] } })).status()).toBe(404);
    expect((await p.request.post(`/api/diary/${id}/manual-time`, { data: { slotStarts: [`${TODAY}T12:00:00Z`], memo: "x" } })).status()).toBe(404);
    await context.close();
  }
  // The segment is untouched.
  expect((await query("SELECT 1 FROM segments WHERE id = $1 AND deleted_at IS NULL", [seg!.id])).length).toBe(1);
});

test("the freelancer works the grid from the keyboard and deletes a segment; the day's and the week's totals drop by 10 minutes", async ({ page }) => {
  await openDiary(page, "fiona", "Mobile app development");
  await expect(page.getByTestId("diary-day-title")).toHaveText("Wednesday, 12 June 2024");
  const dayBefore = await minutesOf(page, "day-logged");
  const weekBefore = await minutesOf(page, "week-logged");
  expect(dayBefore).toBeGreaterThan(0);

  // Arrow keys move focus from cell to cell; Enter opens the viewer; Escape closes it.
  const tracked = page.locator('[data-kind="TRACKED"]');
  const first = tracked.first();
  await first.focus();
  await page.keyboard.press("ArrowRight");
  const second = page.locator('[role="gridcell"]:focus');
  const target = await second.getAttribute("data-slot");
  expect(target).not.toBe(await first.getAttribute("data-slot"));
  const cell = page.locator(`[data-slot="${target}"]`);
  await expect(cell).toHaveAttribute("data-kind", "TRACKED");
  await page.keyboard.press("Enter");
  const viewer = page.getByTestId("screenshot-viewer");
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole("img", { name: /Screenshot taken at/ })).toBeVisible();
  await expect(viewer.getByTestId("protection")).toContainText("Hourly Protection");
  await expect(viewer.getByTestId("activity-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  // next/previous with the arrow keys, anywhere in the viewer
  await expect(viewer.getByText(/^2 of \d+$/)).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(viewer.getByText(/^3 of \d+$/)).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(viewer.getByText(/^2 of \d+$/)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect(cell).toBeFocused();

  // Space selects; Delete asks to delete; confirming takes the time off at once.
  await page.keyboard.press(" ");
  await expect(cell).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("button", { name: "Delete 1 segment" })).toBeEnabled();
  await page.keyboard.press("Delete");
  const confirm = page.getByRole("dialog", { name: "Delete 1 segment?" });
  await expect(confirm).toContainText("cannot be undone");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();

  await expect(page.getByTestId("day-logged")).toHaveAttribute("data-minutes", String(dayBefore - 10));
  await expect(page.getByTestId("week-logged")).toHaveAttribute("data-minutes", String(weekBefore - 10));
  await expect(cell).toHaveAttribute("data-kind", "EMPTY");
  await expect(page.getByTestId("diary-verdict")).toHaveText("Deleted 1 segment (0:10 h).");
  const [row] = await query<{ deleted: boolean }>("SELECT deleted_at IS NOT NULL AS deleted FROM segments WHERE contract_id = $1 AND slot_start = $2 ORDER BY created_at DESC LIMIT 1", [
    await contractId("Mobile app development"),
    target,
  ]);
  expect(row?.deleted).toBe(true);

  await screenshotWithThumbnails(page, "test-results/screenshots/diary-freelancer.png");

  // After a reload too: the server holds the new totals.
  await page.reload();
  await expect(page.getByTestId("day-logged")).toHaveAttribute("data-minutes", String(dayBefore - 10));
  await expect(page.getByTestId("week-logged")).toHaveAttribute("data-minutes", String(weekBefore - 10));
});

test("manual time appears hatched with its memo, for the freelancer and the client", async ({ page, browser }) => {
  await openDiary(page, "felix", "Data cleanup");
  await page.getByLabel("Show empty hours").check(); // 12:00 is in a folded run of empty hours
  const manualBefore = await minutesOf(page, "day-manual");
  const a = page.locator(slot("12:00"));
  const b = page.locator(slot("12:10"));
  await a.click();
  await b.click();
  await expect(a).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Add manual time (0:20 h)" }).click();
  const dialog = page.getByRole("dialog", { name: "Add manual time" });
  await dialog.getByRole("button", { name: "Add manual time" }).click();
  await expect(dialog.getByText("A memo is required.")).toBeVisible();
  const memo = "Call with Clara about the import rules";
  await dialog.getByLabel("Memo (what you worked on)").fill(memo);
  await dialog.getByRole("button", { name: "Add manual time" }).click();
  await expect(dialog).toBeHidden();

  for (const cell of [a, b]) {
    await expect(cell).toHaveAttribute("data-kind", "MANUAL");
    await expect(cell).toHaveAttribute("data-look", "manual");
    await expect(cell.getByTestId("manual-memo")).toHaveText(memo);
    // hatched: the memo sits on a striped background
    expect(await cell.getByTestId("manual-memo").evaluate((el) => getComputedStyle(el.parentElement!).backgroundImage)).toContain("repeating-linear-gradient");
  }
  await expect(a.getByTestId("memo-label")).toHaveText(memo); // one label over the run of two
  await expect(b.getByTestId("memo-label")).toHaveCount(0);
  await expect(page.getByTestId("day-manual")).toHaveAttribute("data-minutes", String(manualBefore + 20));
  await expect(page.getByTestId("diary-verdict")).toHaveText("Added 0:20 h of manual time.");

  // The client sees the same, and the viewer says manual time is not protected (R3.3).
  const context = await browser.newContext();
  const clara = await context.newPage();
  await openDiary(clara, "clara", "Data cleanup");
  const seen = clara.locator(slot("12:00"));
  await expect(seen).toHaveAttribute("data-kind", "MANUAL");
  await expect(seen.getByTestId("manual-memo")).toHaveText(memo);
  await seen.click();
  await expect(clara.getByTestId("protection")).toContainText("Manual time is not covered");
  await context.close();
});

test("a segment from the tracker in simulate mode appears on the open page within 2 s", async ({ page, browser, baseURL }) => {
  const id = await contractId("Mobile app development");
  await openDiary(page, "clara", "Mobile app development");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "connected");
  await page.getByLabel("Show empty hours").check(); // 12:00 is in a folded run of empty hours
  const cell = page.locator(slot("12:00"));
  await expect(cell).toHaveAttribute("data-kind", "EMPTY");

  const fiona = await browser.newContext();
  expect((await fiona.request.post("/api/session", { data: { email: DEMO_USERS.fiona.email, password: DEMO_PASSWORD } })).ok()).toBe(true);
  const created = await fiona.request.post("/api/settings/tracker-tokens", { data: { name: "Diary e2e" } });
  expect(created.status()).toBe(201);
  const { token } = ((await created.json()) as { token: { token: string } }).token;
  await fiona.close();

  const cli = new TrackerCli();
  await test.step("log the tracker in", async () => expect((await cli.run("login", baseURL as string, token)).stderr).toBe(""));
  // The simulated clock starts at 12:00 today (past, in the editable week) and runs 600 times
  // faster, so the 12:00 slot ends and is sent after about a second.
  await test.step("start the tracker in simulate mode", async () => {
    const started = await cli.run("start", "Mobile app development", "--memo", "Live diary check", "--simulate", "--speed", "600", "--from", `${TODAY}T12:00:00Z`);
    expect(started.stderr).toBe("");
  });
  try {
    await test.step("the segment is stored", () =>
      waitFor("the tracker's 12:00 segment in the portal", async () =>
        (await query("SELECT 1 FROM segments WHERE contract_id = $1 AND slot_start = $2 AND deleted_at IS NULL", [id, `${TODAY}T12:00:00Z`])).length > 0,
      ),
    );
    // Stored: the open page must show it within 2 s, without a reload (realtime event, refetch).
    await test.step("the open page shows it", () => expect(cell).toHaveAttribute("data-kind", "TRACKED", { timeout: 2000 }));
  } finally {
    await test.step("stop the tracker", () => cli.run("stop"));
  }
  await expect(cell.locator("img")).toBeVisible();
  await expect(cell.getByTestId("memo-label")).toHaveText("Live diary check");
});

test("on a phone the grid wraps three cells to a line, and nothing scrolls sideways", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openDiary(page, "clara", "Mobile app development");
  await page.getByLabel("Show empty hours").check();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "07:00" }) });
  const tops = await row.getByRole("gridcell").evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(tops).toHaveLength(6);
  expect(new Set(tops).size).toBe(2); // two lines of three
  const empty = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "01:00" }) });
  expect(new Set(await empty.getByRole("gridcell").evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)))).size).toBe(1); // a row of gaps stays one line
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await screenshotWithThumbnails(page, "test-results/screenshots/diary-phone.png");
  await context.close();
});

test("the client sees the grid and disputes billed segments of last week, then sees the dispute on their cells", async ({ page }) => {
  // The seed has run last week's close (Mon 10 June 12:00): it is invoiced and in its review window.
  await openDiary(page, "clara", "Data cleanup");
  await goToDay(page, "2024-06-07"); // Friday of the week closed on Monday 10 June: in its review window
  await expect(page.getByRole("row")).toHaveCount(5); // 08:00-11:00, and the empty hours before and after folded
  await expect(page.getByTestId("folded-hours")).toHaveText([/No time tracked 00:00–08:00/, /No time tracked 11:00–24:00/]);
  const tracked = page.locator('[data-kind="TRACKED"]');
  expect(await tracked.count()).toBeGreaterThan(6);
  await expect(tracked.first()).toHaveAttribute("aria-label", /activity \d+ of 10/);
  await expect.poll(() => tracked.first().locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(page.getByTestId("memo-label").first()).toBeVisible();
  await expect(page.getByText("In the review window: select billed segments to dispute them.")).toBeVisible();

  const chosen = [tracked.nth(0), tracked.nth(1)];
  for (const cell of chosen) {
    await cell.focus();
    await page.keyboard.press(" ");
    await expect(cell).toHaveAttribute("aria-selected", "true");
  }
  const slots = await Promise.all(chosen.map((c) => c.getAttribute("data-slot")));
  await page.getByRole("button", { name: "Dispute 2 segments" }).click();
  const dialog = page.getByRole("dialog", { name: "File a dispute" });
  await dialog.getByRole("button", { name: "File dispute" }).click();
  await expect(dialog.getByText("Explain the dispute in at least 10 characters.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("These screenshots show work for another client.");
  await dialog.getByRole("button", { name: "File dispute" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("diary-verdict")).toContainText("filed for 2 segments");

  for (const s of slots) await expect(page.locator(`[data-slot="${s}"]`).getByTestId("dispute-status")).toHaveText("Disputed · open");
  const rows = await query<{ status: string; n: number }>(
    `SELECT d.status::text AS status, count(ds.segment_id)::int AS n FROM disputes d JOIN dispute_segments ds ON ds.dispute_id = d.id
     WHERE d.contract_id = $1 GROUP BY d.id, d.status`,
    [await contractId("Data cleanup")],
  );
  expect(rows).toEqual([{ status: "OPEN", n: 2 }]);
  // Disputed segments cannot be picked again.
  await chosen[0]!.focus();
  await page.keyboard.press(" ");
  await expect(chosen[0]!).not.toHaveAttribute("aria-selected", "true");
  await screenshotWithThumbnails(page, "test-results/screenshots/diary-client.png");
});
