import { expect, type Cookie, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "../lib/seed/demo-accounts";

export { DEMO_PASSWORD, DEMO_USERS };
export type { DemoUserKey };

// Choice: a demo user signs in with the form once per Playwright worker; their later sign-ins reuse
// that session's cookie (about 3 s less each on this machine). A session is a JWT checked against the
// user's session version on every request (lib/auth/config.ts, lib/auth/end-sessions.ts), so the copy
// is a session the portal cannot tell from a new one, and whatever ends sessions (sign-out, a password
// change, sign out everywhere) ends it too: then the form signs in again.
const sessionCookies = new Map<DemoUserKey, Cookie[]>();

export async function signIn(page: Page, who: DemoUserKey, path = "/"): Promise<void> {
  const saved = sessionCookies.get(who);
  if (saved) {
    // signed out, `path` leads to sign-in (the redirect proxy.ts makes, as the form's way below sees it)
    const signedOut = await page.request.get(path, { maxRedirects: 0 });
    expect(new URL(signedOut.headers().location ?? "/", "http://portal").pathname, `${path} signed out`).toBe("/sign-in");
    await page.context().addCookies(saved);
    await page.goto(path);
    if (!new URL(page.url()).pathname.startsWith("/sign-in")) {
      await expect(page.getByTestId("signed-in-as")).toContainText(DEMO_USERS[who].name);
      await streamedIn(page);
      return;
    }
    // that session has ended since: signed out again, the form as below
    sessionCookies.delete(who);
    await page.context().clearCookies({ name: /session-token/ });
  }
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(DEMO_USERS[who].email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO_USERS[who].name);
  await streamedIn(page);
  sessionCookies.set(who, (await page.context().cookies()).filter((c) => c.name.includes("session-token")));
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
