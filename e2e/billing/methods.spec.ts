// R14.1 Settings › Billing's methods in real Chromium on the demo: a new client adds the sandbox's
// test cards and bank account. 4242 is verified and the default at once (and the client becomes
// payment verified); a bad card number and a declined card are named at the card number field;
// 3184 asks for the bank's step-up challenge in a dialog; a bank account is verified by its two
// micro-deposits after a wrong entry counts an attempt; the default moves, and a removal is confirmed.
// An admin verifies a client by hand only with a reason, which the audit log keeps.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { confirmIn, DEMO_PASSWORD, signIn, streamedIn } from "../fixtures";
import { whenHydrated } from "../contracts/support";
import { copyOfDemoUser } from "../auth/support";
import { query } from "../diary/support";

async function signInWithForm(page: Page, email: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await streamedIn(page);
}

async function addCard(page: Page, number: string): Promise<void> {
  await page.getByRole("button", { name: "Add a card or bank account" }).click();
  const form = page.getByRole("form", { name: "Add a billing method" });
  await form.getByLabel("Card number").fill(number);
  await form.getByLabel("Expiry (MM/YY)").fill("12/30");
  await form.getByLabel("Security code (CVC)").fill("123");
  await form.getByRole("button", { name: "Add card" }).click();
}

const method = (page: Page, name: string) => page.getByTestId("billing-method").filter({ hasText: name });

test("a client adds 4242 (verified, default), completes 3184's challenge, verifies a bank account by micro-deposits, and bad cards are named", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await copyOfDemoUser("carl", "billing-methods", "Bill Methods");
  await signInWithForm(page, email, "/settings/billing");
  await expect(page.getByRole("heading", { name: "Settings › Billing" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Billing" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("complementary", { name: "Sandbox" })).toContainText("4000 0027 6000 3184");
  await expect(page.getByTestId("billing-methods-empty")).toBeVisible();
  await expect(page.getByTestId("charges-empty")).toBeVisible();

  // a number failing Luhn is refused at its field before anything is sent
  await addCard(page, "4242 4242 4242 4241");
  const form = page.getByRole("form", { name: "Add a billing method" });
  await expect(form.getByLabel("Card number")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("This is not a valid card number: check the digits.")).toBeVisible();
  // the axe scan, with the form and its error on the page
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await form.getByRole("button", { name: "Cancel" }).click();

  // the declined test card: the card network's answer at the same field, nothing added
  await addCard(page, "4000 0000 0000 0002");
  await expect(form.getByText("The card was declined by its bank. Try another card.")).toBeVisible();
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("billing-method")).toHaveCount(0);

  // 4242: verified and the default; the client is now payment verified; only the last 4 are stored
  await addCard(page, "4242 4242 4242 4242");
  const visa = method(page, "Visa ••••4242");
  await expect(visa.getByTestId("billing-method-status")).toHaveText("Verified");
  await expect(visa.getByTestId("billing-method-default")).toBeVisible();
  const [client] = await query<{ verified: boolean; stored: string }>(
    `SELECT u.payment_verified_at IS NOT NULL AS verified, (SELECT string_agg(b::text, ' ') FROM billing_methods b WHERE b.client_id = u.id) AS stored FROM users u WHERE email = $1`,
    [email],
  );
  expect(client!.verified).toBe(true);
  expect(client!.stored).toContain("4242");
  expect(client!.stored).not.toContain("4242424242424242");

  // 3184: the bank's step-up challenge opens as a dialog; completing it verifies the card
  await addCard(page, "4000 0027 6000 3184");
  const challenge = page.getByRole("dialog", { name: "Confirm your Visa ••••3184" });
  await expect(challenge).toBeVisible();
  const inDialog = await new AxeBuilder({ page }).include("dialog[open]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(inDialog.violations.map((v) => v.id)).toEqual([]);
  await challenge.getByRole("button", { name: "Complete authentication" }).click();
  await expect(challenge).toHaveCount(0);
  await expect(method(page, "••••3184").getByTestId("billing-method-status")).toHaveText("Verified");
  await expect(method(page, "••••3184").getByTestId("billing-method-default")).toHaveCount(0);

  // a bank account: two micro-deposits; a wrong entry counts an attempt, the right one verifies it
  await page.getByRole("button", { name: "Add a card or bank account" }).click();
  await form.getByLabel("US bank account").check();
  await form.getByLabel("Account holder").fill("Bill Methods");
  await form.getByLabel("Routing number").fill("110000000");
  await form.getByLabel("Account number").fill("000123456789");
  await form.getByRole("button", { name: "Add bank account" }).click();
  const bank = method(page, "Sandbox Bank ••••6789");
  await expect(bank.getByTestId("billing-method-status")).toHaveText("Waiting for micro-deposits");
  const deposits = bank.getByRole("form", { name: "Verify bank account ••••6789" });
  await expect(deposits).toContainText("3 attempts left");
  await deposits.getByLabel("First deposit").fill("32");
  await deposits.getByLabel("Second deposit").fill("46");
  await deposits.getByRole("button", { name: "Verify account" }).click();
  await expect(deposits.getByRole("alert")).toContainText("2 attempts left");
  await deposits.getByLabel("Second deposit").fill("45");
  await deposits.getByRole("button", { name: "Verify account" }).click();
  await expect(bank.getByTestId("billing-method-status")).toHaveText("Verified");

  // the default moves to the bank account; the 3184 card is removed after a confirmation
  await bank.getByRole("button", { name: "Make default" }).click();
  await expect(bank.getByTestId("billing-method-default")).toBeVisible();
  await expect(visa.getByTestId("billing-method-default")).toHaveCount(0);
  await method(page, "••••3184").getByRole("button", { name: /^Remove/ }).click();
  await confirmIn(page, "Remove Visa ••••3184?", "Remove method");
  await expect(method(page, "••••3184")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("billing-method")).toHaveCount(2);
  await expect(method(page, "Sandbox Bank ••••6789").getByTestId("billing-method-default")).toBeVisible();
});

test("an admin verifies a client's payment by hand only with a reason, kept in the audit log", async ({ page }) => {
  const email = await copyOfDemoUser("carl", "verify-by-hand", "Hand Verified");
  await signIn(page, "admin", "/admin");
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await expect(row).toContainText("No");
  await whenHydrated(row.getByRole("button", { name: "Verify payment" }));
  await row.getByRole("button", { name: "Verify payment" }).click();
  const dialog = page.getByRole("dialog", { name: "Verify Hand Verified's payment by hand?" });
  await dialog.getByRole("button", { name: "Verify payment" }).click();
  await expect(dialog.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toContainText("Give the reason for verifying this client by hand");
  await dialog.getByLabel("Reason").fill("Wire transfer of $5,000 received, ref 88231");
  await dialog.getByRole("button", { name: "Verify payment" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row.locator("td").nth(3)).toHaveText("Yes");
  await expect(page.getByTestId("audit-log").locator("li").filter({ hasText: "Wire transfer of $5,000 received, ref 88231" })).toHaveCount(1);
  const [stored] = await query<{ note: string | null }>("SELECT payment_verification_note AS note FROM users WHERE email = $1", [email]);
  expect(stored!.note).toBe("Wire transfer of $5,000 received, ref 88231");
});
