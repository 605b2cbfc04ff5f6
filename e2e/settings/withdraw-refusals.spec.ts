// Get Paid Now refusals in real Chromium on the demo: an amount above the available balance is
// refused naming that balance, and a refused password puts the focus back in the password
// field, which names its error (aria-describedby), so the next try is typed at once.
import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures";
import { formatCents } from "../../lib/format/money";

const activeId = (page: import("@playwright/test").Page) => page.evaluate(() => document.activeElement?.id ?? null);

test("fiona is told the most she can withdraw, and after a refused password the focus is in the password field", async ({ page }) => {
  await signIn(page, "fiona", "/settings/get-paid");
  const { balances } = (await (await page.request.get("/api/ledger/balances")).json()) as { balances: { availableCents: string } };
  const available = Number(balances.availableCents);
  expect(available).toBeGreaterThan(100);

  const form = page.getByRole("form", { name: "Get Paid Now" });
  await form.getByLabel("Amount (USD)").fill(((available + 1) / 100).toFixed(2));
  await form.getByRole("button", { name: "Review withdrawal" }).click();
  await expect(page.locator("#amountCents-error")).toHaveText(`Enter at most ${formatCents(available)}, your available balance.`);

  await form.getByLabel("Amount (USD)").fill("1.00");
  await form.getByRole("button", { name: "Review withdrawal" }).click();
  const confirm = page.getByRole("form", { name: "Confirm withdrawal" });
  await expect(confirm).toBeVisible();
  const password = confirm.getByLabel("Your password");

  // nothing typed: the focus moves to the field
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).focus();
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.locator("#password-error")).toHaveText("Enter your password to confirm the withdrawal.");
  expect(await activeId(page)).toBe("password");

  // a wrong password: the server refuses it, and the focus comes back to the field with the error named
  await password.fill("not my password");
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.locator("#password-error")).toHaveText("That is not your password.");
  await expect.poll(() => activeId(page)).toBe("password");
  await expect(password).toHaveAttribute("aria-describedby", "password-error");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  // its text is selected, so typing replaces it
  await page.keyboard.type("x");
  await expect(password).toHaveValue("x");

  // nothing was withdrawn
  await confirm.getByRole("button", { name: "Back" }).click();
  const after = (await (await page.request.get("/api/ledger/balances")).json()) as { balances: { availableCents: string } };
  expect(Number(after.balances.availableCents)).toBe(available);
});
