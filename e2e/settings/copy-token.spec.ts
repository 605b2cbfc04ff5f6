// The shown-once tracker token has a Copy button: the clipboard API with a visible "Copied",
// and where the browser refuses the clipboard, the token selected for the keyboard's copy.
import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures";

test("Copy puts the new token on the clipboard and says Copied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "fiona", "/settings/tokens");
  await page.getByLabel("Token name").fill("Copy laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^hgt_/);
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
});

test("where the clipboard is refused, Copy selects the token and says to press Ctrl+C", async ({ page }) => {
  // the browser's clipboard refusing, as without permission or a secure context
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) } });
  });
  await signIn(page, "fiona", "/settings/tokens");
  await page.getByLabel("Token name").fill("Fallback laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Selected: press Ctrl+C" })).toBeVisible();
  expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe(token);
});
