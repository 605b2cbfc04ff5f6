// Keeping an account (issue 16, R16.2) in Chromium against the production server, reading the mails the e2e
// mail catcher received: a reset link works once and not a second time nor past its 30 minutes, the sessions
// signed in before a reset or a password change end, the email changes once the new address confirms it, and
// "Sign out of other sessions" ends a second browser's session while this one stays.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "../fixtures";
import { copyOfDemoUser } from "../auth/support";
import { query } from "../diary/support";
import { caughtMails, linkIn, waitForMail, type CaughtMail } from "../support/mail";

const NAME = "Account Test";
const NEW_PASSWORD = "violet tangerine harbour 9";

async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(NAME);
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithForm(page, email);
  return page;
}

/** The session of `page` was ended: a page that needs one sends it to sign-in. */
async function expectSignedOut(page: Page): Promise<void> {
  await page.goto("/settings/account");
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The newest mail to `to` with `subject` that is not one of `seen` (the catcher lists newest first). */
async function newMail(to: string, subject: string, seen: CaughtMail[] = []): Promise<CaughtMail> {
  const old = new Set(seen.map((m) => m.messageId));
  await expect.poll(async () => (await caughtMails()).some((m) => m.to.includes(to) && m.subject === subject && !old.has(m.messageId)), { timeout: 30_000 }).toBe(true);
  return (await caughtMails()).find((m) => m.to.includes(to) && m.subject === subject && !old.has(m.messageId))!;
}

test("a reset link works once; a second use and a link past its 30 minutes are refused; older sessions end", async ({ browser, page }) => {
  const email = await copyOfDemoUser("felix", "reset", NAME);
  const before = await signedInPage(browser, email);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText("If an account uses that email");
  // an email without an account gets the very same answer
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(`nobody-${randomUUID().slice(0, 8)}@hourglass.test`);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText("If an account uses that email");

  const mail = await waitForMail({ to: email, subject: "Choose a new password" });
  const link = linkIn(mail, "/reset-password");
  await page.goto(link);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.locator("#password-error")).toHaveText("That password is one of the most common ones. Choose something harder to guess.");
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("password-reset-done")).toBeVisible();
  await waitForMail({ to: email, subject: "Your password was changed" });

  await expectSignedOut(before); // R16.2 signed in before the reset
  await page.goto(link);
  await expect(page.getByTestId("reset-link-problem")).toHaveText("This link was already used. Each link works once.");
  await signInWithForm(page, email, NEW_PASSWORD);

  // A second link, 30 minutes old: the e2e portal's clock cannot move while it runs (HOURGLASS_CLOCK_OFFSET_MS is
  // fixed at start), so the link is dated back 30 minutes in the database; the integration test moves the clock.
  const seen = await caughtMails();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const late = linkIn(await newMail(email, "Choose a new password", seen), "/reset-password");
  await query(
    `UPDATE link_tokens SET created_at = created_at - interval '30 minutes', expires_at = expires_at - interval '30 minutes'
     WHERE email = $1 AND purpose = 'password_reset' AND used_at IS NULL`,
    [email],
  );
  await page.goto(late);
  await expect(page.getByTestId("reset-link-problem")).toHaveText("This link has expired. Ask for a new one.");
});

test("Settings › Account: change the password with the current one; the other browser is signed out, this one stays", async ({ browser, page }) => {
  const email = await copyOfDemoUser("felix", "password", NAME);
  const other = await signedInPage(browser, email);
  await signInWithForm(page, email);
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);

  const form = page.getByRole("region", { name: "Password" });
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByLabel("New password").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.locator("#currentPassword-error")).toHaveText("That is not your current password.");
  await form.getByLabel("Current password").fill(DEMO_PASSWORD);
  await form.getByLabel("New password").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByTestId("password-changed")).toBeVisible();
  await waitForMail({ to: email, subject: "Your password was changed" });

  await expectSignedOut(other);
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText(NAME);
  await signInWithForm(other, email, NEW_PASSWORD);
});

test("Settings › Account: the email changes once the new address confirms it, and the old address is told", async ({ page }) => {
  const email = await copyOfDemoUser("felix", "email", NAME);
  const newEmail = `moved-${randomUUID().slice(0, 8)}@hourglass.test`;
  await signInWithForm(page, email);
  await page.goto("/settings/account");
  const form = page.getByRole("region", { name: "Email" });
  await form.getByLabel("New email").fill(newEmail);
  await form.getByLabel("Password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Change email" }).click();
  await expect(form.getByTestId("email-change-sent")).toContainText(newEmail);
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(email); // not before it is confirmed

  const link = linkIn(await waitForMail({ to: newEmail, subject: "Confirm your new email address" }), "/settings/account/confirm-email");
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await expect(page.getByTestId("email-changed")).toHaveText(`You now sign in with ${newEmail}.`);
  const notice = await waitForMail({ to: email, subject: "Your email address was changed" });
  expect(notice.text).toContain(newEmail);
  await page.goto("/settings/account");
  await expect(page.getByTestId("account-email")).toHaveText(newEmail);
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm new email" }).click();
  await expect(page.getByTestId("confirm-email-error")).toHaveText("This link was already used. Each link works once.");
});

test("Settings › Account: sign out of other sessions ends a second browser's session, not this one", async ({ browser, page }) => {
  const email = await copyOfDemoUser("felix", "others", NAME);
  const other = await signedInPage(browser, email);
  await signInWithForm(page, email);
  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Sign out of other sessions" }).click();
  await expect(page.getByTestId("other-sessions-ended")).toBeVisible();
  await expectSignedOut(other);
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText(NAME);
});
