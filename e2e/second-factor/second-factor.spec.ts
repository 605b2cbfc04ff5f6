// R16.3 two-step verification in real Chromium on the demo: farah enrols from Settings › Security
// with a code computed from the secret the page shows (as her phone would), saves her recovery codes,
// signs out, signs in with a code, adds a payout method with a recovery code, and her withdrawal is
// refused without a code and paid with one; then she makes new recovery codes and turns it off with one
// (an old code no longer works). Her second factor is removed afterwards in any case, so other specs
// still sign her in with the password alone.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, streamedIn } from "../fixtures";
import { query } from "../diary/support";
import { totpCode } from "../../lib/auth/totp";
import { waitForMail } from "../support/mail";

const FARAH = DEMO_USERS.farah;
const STEP_MS = 30_000;

/**
 * Codes as the app would show them, each of a later time step than the last one used: a step's code
 * works once (R16.3), so a second code in the same 30 s waits for the next step (at most one step ahead).
 */
function authenticator(secret: string) {
  let last = -1;
  return async (page: Page): Promise<string> => {
    const step = Math.max(Math.floor(Date.now() / STEP_MS), last + 1);
    const wait = (step - 1) * STEP_MS - Date.now();
    if (wait > 0) await page.waitForTimeout(wait + 1_000);
    last = step;
    return totpCode(secret, step * STEP_MS);
  };
}

async function removeSecondFactor(): Promise<void> {
  await query("DELETE FROM second_factors WHERE user_id = (SELECT id FROM users WHERE email = $1)", [FARAH.email]);
  await query("DELETE FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE email = $1)", [FARAH.email]);
}

test.beforeAll(removeSecondFactor);
test.afterAll(removeSecondFactor);

test("farah enrols, signs in with a code, and withdraws only with a code", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto("/settings/security");
  await page.getByLabel("Email").fill(FARAH.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Settings › Security" })).toBeVisible();
  await streamedIn(page);
  await expect(page.getByTestId("second-factor-status")).toHaveText("Two-step verification is off.");

  // enrol: the QR code and the secret; a wrong code is named at the field, the right one turns it on
  await page.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const phone = authenticator(secret);
  const code = await phone(page);
  await page.getByLabel("Verification code").fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.locator("#enrol-code-error")).toContainText("That code is not right");
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByTestId("second-factor-status")).toContainText("Two-step verification is on. 10 of 10 recovery codes left.");

  // sign out, then in: the password alone asks for the code
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings/get-paid");
  await page.getByLabel("Email").fill(FARAH.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("second-factor-step")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  await page.getByLabel("Verification code").fill(await phone(page));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(FARAH.name);
  await expect(page.getByRole("heading", { name: "Settings › Get Paid" })).toBeVisible();
  await streamedIn(page);

  // a payout method: asked for a code, given a recovery code
  await page.getByRole("button", { name: "Add a payout method" }).click();
  const add = page.getByRole("form", { name: "Add a payout method" });
  await add.getByLabel("Account holder").fill("Farah Freelancer");
  await add.getByLabel("Name for this method (optional)").fill("Farah checking");
  await add.getByLabel("Routing number").fill("011000015");
  await add.getByLabel("Account number").fill("12345678");
  await add.getByRole("button", { name: "Add method" }).click();
  await expect(add.getByLabel("Verification code")).toBeVisible();
  await expect(page.getByTestId("payout-method").filter({ hasText: "Farah checking" })).toHaveCount(0);
  await add.getByLabel("Verification code").fill(recovery[0]!);
  await add.getByRole("button", { name: "Add method" }).click();
  await expect(page.getByTestId("payout-method").filter({ hasText: "Farah checking" })).toBeVisible();
  const moved = await query(
    `UPDATE payout_methods SET created_at = created_at - interval '4 days', usable_from = usable_from - interval '4 days'
     WHERE user_id = (SELECT id FROM users WHERE email = $1) AND label = 'Farah checking' RETURNING id`,
    [FARAH.email],
  );
  expect(moved).toHaveLength(1); // as if added 4 days ago, past its R10.1 hold
  await page.reload();
  await streamedIn(page);

  // withdraw $20: refused without a code, nothing booked; paid with one
  const form = page.getByRole("form", { name: "Get Paid Now" });
  await form.getByLabel("Amount (USD)").fill("20");
  await form.getByLabel("Pay to").selectOption({ label: "Farah checking · ACH bank transfer" });
  await form.getByRole("button", { name: "Review withdrawal" }).click();
  const confirm = page.getByRole("form", { name: "Confirm withdrawal" });
  await confirm.getByLabel("Your password").fill(DEMO_PASSWORD);
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(confirm.getByLabel("Verification code")).toBeVisible();
  await expect(page.locator("#withdraw-code-error")).toContainText("Enter the 6-digit code");
  const none = await query("SELECT id FROM withdrawals WHERE user_id = (SELECT id FROM users WHERE email = $1)", [FARAH.email]);
  expect(none).toHaveLength(0);
  await confirm.getByLabel("Verification code").fill(await phone(page));
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.getByTestId("withdrawal-status")).toContainText("Processing");
  const made = await query("SELECT id FROM withdrawals WHERE user_id = (SELECT id FROM users WHERE email = $1)", [FARAH.email]);
  expect(made).toHaveLength(1);

  // Settings › Security: new recovery codes (the old ones stop working), then turning it off with one
  await page.goto("/settings/security");
  await streamedIn(page);
  await expect(page.getByTestId("second-factor-status")).toContainText("9 of 10 recovery codes left.");
  await page.locator("#regenerate-code").fill(recovery[1]!);
  await page.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(codes).toHaveCount(10);
  const fresh = (await codes.allTextContents()).map((c) => c.trim());
  expect(fresh).not.toContain(recovery[2]);
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByTestId("second-factor-status")).toContainText("10 of 10 recovery codes left.");
  await page.locator("#turn-off-code").fill(recovery[2]!);
  await page.getByRole("button", { name: "Turn off two-step verification" }).click();
  await expect(page.locator("#turn-off-code-error")).toContainText("That code is not right");
  await page.locator("#turn-off-code").fill(fresh[0]!);
  await page.getByRole("button", { name: "Turn off two-step verification" }).click();
  await expect(page.getByTestId("second-factor-status")).toHaveText("Two-step verification is off.");
});

test("a new admin is sent to set up two-step verification right after sign-in, and can use the portal once it is on", async ({ page }) => {
  test.setTimeout(90_000);
  const email = `ops-${Date.now()}@hourglass.test`;
  // an admin other than the demo's (which is exempt in demo and test mode), with the demo password
  await query(
    `INSERT INTO users (id, email, name, role, password_hash, email_confirmed_at, created_at)
     SELECT gen_random_uuid(), $1, 'Olive Ops', 'ADMIN', password_hash, now(), now() FROM users WHERE email = $2`,
    [email, DEMO_USERS.admin.email],
  );
  await page.goto("/admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText("Admins must use two-step verification.")).toBeVisible();
  await page.goto("/contracts");
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect((await page.request.get("/api/contracts")).status()).toBe(403);

  await page.getByRole("button", { name: "Set up two-step verification" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Verification code").fill(totpCode(secret, Date.now()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByText("Admins must keep two-step verification on.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off two-step verification" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin$/);
  expect((await page.request.get("/api/contracts")).status()).toBe(200);

  // farah lost her phone and her recovery codes: the admin resets her two-step verification after a
  // confirmation and her own code (of a later step than the one that turned hers on)
  await query(
    `INSERT INTO second_factors (user_id, secret_encrypted, enabled_at, created_at)
     SELECT id, 'placeholder: farah lost her phone', now(), now() FROM users WHERE email = $1`,
    [FARAH.email],
  );
  await page.reload();
  await streamedIn(page);
  const row = page.getByTestId("user-row").filter({ hasText: FARAH.email });
  await row.getByRole("button", { name: "Reset two-step verification" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset two-step verification" }).click();
  await row.getByLabel("Your own verification code").fill(totpCode(secret, Date.now() + STEP_MS));
  await row.getByRole("button", { name: "Confirm reset" }).click();
  await expect(row.getByRole("button", { name: "Reset two-step verification" })).toHaveCount(0);
  expect(await query("SELECT user_id FROM second_factors WHERE user_id = (SELECT id FROM users WHERE email = $1)", [FARAH.email])).toHaveLength(0);
  await expect(page.getByTestId("audit-log")).toContainText("user.second_factor_reset");
  await waitForMail({ to: FARAH.email, subject: "An admin reset your two-step verification" });
  // the admin's own is not offered (no actions on her own row)
  await expect(page.getByTestId("user-row").filter({ hasText: email }).getByRole("button")).toHaveCount(0);
});
