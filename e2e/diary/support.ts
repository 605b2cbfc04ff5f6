// Helpers of the Work Diary's end-to-end tests: the e2e database (for ids and for what the
// server stored), a wait without fixed sleeps, the tracker CLI in a throwaway config folder,
// and opening a contract's day as a demo user.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, type Page } from "@playwright/test";
import { signIn } from "../fixtures";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

/** The e2e clock: scripts/e2e.ts starts the portal at Wed 12 June 2024 15:05 UTC. */
export const TODAY = "2024-06-12";

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through scripts/e2e.ts");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function contractId(title: string): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id::text FROM contracts WHERE title = $1 ORDER BY created_at LIMIT 1", [title]);
  if (!row) throw new Error(`no contract "${title}" in the seed`);
  return row.id;
}

/** Polls `check` until it returns something truthy (no fixed sleeps). */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs in and opens the diary on a contract picked by its title in the contract picker. */
export async function openDiary(page: Page, who: DemoUserKey, title: string): Promise<void> {
  await signIn(page, who, "/diary");
  const picker = page.getByLabel("Contract");
  const value = await picker.evaluate((el, t) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(t))?.value ?? "", title);
  expect(value, `the picker offers "${title}"`).not.toBe("");
  // The diary may already open on it (the most recently tracked contract): then the URL has no contract yet.
  if ((await picker.inputValue()) !== value) {
    await picker.selectOption(value);
    await expect(page).toHaveURL(new RegExp(`contract=${value}`));
  }
  await expect(page.getByTestId("diary-grid").or(page.getByTestId("diary-empty"))).toBeVisible();
  await expect(page.getByTestId("diary-grid").or(page.getByTestId("diary-empty"))).not.toHaveAttribute("aria-busy", "true");
}

/** Picks a day with the calendar input and waits until the grid shows it. */
export async function goToDay(page: Page, day: string): Promise<void> {
  await page.getByLabel("Day", { exact: true }).fill(day);
  await expect(page).toHaveURL(new RegExp(`day=${day}`));
  await expect(page.getByTestId("diary-day-title")).toHaveText(new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
  await expect(page.getByTestId("diary-grid")).toHaveAttribute("aria-busy", "false");
}

export const minutesOf = async (page: Page, testId: string): Promise<number> => Number(await page.getByTestId(testId).getAttribute("data-minutes"));

/** Loads every lazy thumbnail (by scrolling through the page) before a full-page screenshot. */
export async function screenshotWithThumbnails(page: Page, file: string): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    window.scrollTo(0, 0);
  });
  // A thumbnail asks for its image only once it comes near the viewport (components/diary/use-near-viewport.ts).
  // Cells rendered after the scroll above (a refetch, a wider grid) still wait: bring each into view until none does.
  // Choice: bounded. The picture is a record for people, not a check (the specs assert before taking it), and on a
  // phone-sized page it has waited out the whole test (twice in CI) although every thumbnail asked for had loaded.
  await page
    .waitForFunction(
      () => {
        const waiting = document.querySelector('img[data-lazy="waiting"]');
        if (waiting) {
          waiting.scrollIntoView({ block: "center" });
          return false;
        }
        return [...document.images].every((img) => img.complete && img.naturalWidth > 0);
      },
      undefined,
      { timeout: 15_000 },
    )
    .catch(() => console.warn(`${file}: taken with some thumbnails not loaded after 15 s`));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
}

/** The desktop tracker CLI (npm run tracker) with its own config folder. */
export class TrackerCli {
  readonly home = mkdtempSync(path.join(tmpdir(), "hourglass-diary-e2e-"));

  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "tracker/cli.ts", ...args], { env: { ...process.env, XDG_CONFIG_HOME: this.home }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }
}
