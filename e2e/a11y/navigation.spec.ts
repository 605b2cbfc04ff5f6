// The header marks the current page (aria-current="page", one link at a time) and a "Skip to
// content" link, the first thing Tab reaches, moves focus past the header into <main id="main">.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../fixtures";

async function currentLinks(page: Page): Promise<string[]> {
  return page.getByRole("banner").locator('a[aria-current="page"]').allInnerTexts();
}

test("Skip to content is the first focusable element and moves focus into main", async ({ page }) => {
  await signIn(page, "clara", "/contracts");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).not.toBeInViewport(); // visually hidden until focused
  await page.locator("body").focus();
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // the next Tab continues inside the page, not in the header
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main")?.id)).toBe("main");
});

test("the sign-in page has the skip link too", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("the header marks exactly the current page for each role", async ({ page, browser }) => {
  await signIn(page, "fiona", "/contracts");
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main.getByRole("link", { name: "Contracts" })).toHaveAttribute("aria-current", "page");
  expect(await currentLinks(page)).toEqual(["Contracts"]);
  await main.getByRole("link", { name: "Reports" }).click();
  await expect(main.getByRole("link", { name: "Reports" })).toHaveAttribute("aria-current", "page");
  expect(await currentLinks(page)).toEqual(["Reports"]);
  await page.goto("/reports/transactions");
  expect(await currentLinks(page)).toEqual(["Reports"]);
  await page.goto("/settings/get-paid");
  expect(await currentLinks(page)).toEqual(["Get Paid"]);
  const settings = page.getByRole("navigation", { name: "Settings" });
  await expect(settings.getByRole("link", { name: "Get Paid" })).toHaveAttribute("aria-current", "page");
  await settings.getByRole("link", { name: "Tracker", exact: true }).click();
  await expect(settings.getByRole("link", { name: "Tracker", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(settings.getByRole("link", { name: "Get Paid" })).not.toHaveAttribute("aria-current");
  expect(await currentLinks(page)).toEqual(["Settings"]);
  await page.goto("/");
  expect(await currentLinks(page)).toEqual([]);

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin", "/admin/disputes");
  expect(await currentLinks(admin)).toEqual(["Disputes"]);
  await admin.goto("/admin");
  expect(await currentLinks(admin)).toEqual(["Admin"]);
});
