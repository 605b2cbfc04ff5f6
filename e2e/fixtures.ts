import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "../lib/seed/demo-accounts";

export { DEMO_PASSWORD, DEMO_USERS };
export type { DemoUserKey };

export async function signIn(page: Page, who: DemoUserKey, path = "/"): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(DEMO_USERS[who].email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO_USERS[who].name);
  await streamedIn(page);
}

/**
 * Waits until the page's streamed HTML has been revealed: React keeps each streamed part in a
 * hidden `S:` element until it swaps it in (batched, so it can trail the load), and until then
 * a locator that also sees hidden elements (getByLabel) may find the part twice.
 */
export async function streamedIn(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[hidden][id^="S:"]') === null);
}

/**
 * Answers the confirmation dialog (components/confirm-dialog.tsx) named `title` with its button
 * `verb`, and waits until it has closed.
 */
export async function confirmIn(page: Page, title: string | RegExp, verb: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.getByRole("button", { name: verb, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** Headers of a request as a reverse proxy would forward it from `ip`. */
export function fromAddress(ip: string): Record<string, string> {
  return { "x-forwarded-for": ip };
}
