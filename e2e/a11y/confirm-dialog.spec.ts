// Actions that cannot be taken back ask in an accessible dialog (components/confirm-dialog.tsx),
// not the browser's confirm(): a modal role=dialog named by its question and described by what
// happens, focus on Cancel, Escape cancels and changes nothing, focus goes back to the button,
// and the confirming verb performs the action. Each test leaves the demo as it found it (the
// other e2e folders run after this one on the same database).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { confirmIn, signIn } from "../fixtures";

// a native confirm() left anywhere is refused (so its action does not happen) and fails the test
const native: string[] = [];
test.beforeEach(({ page }) => {
  native.length = 0;
  page.on("dialog", (d) => {
    native.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
});
test.afterEach(() => expect(native).toEqual([]));

async function expectOpenDialog(page: Page, name: string, description: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole("dialog", { name });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(description);
  expect(await dialog.evaluate((d) => d.matches(":modal"))).toBe(true);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  return dialog;
}

test("revoking a tracker token: Escape and Cancel keep it working, Revoke token stops it", async ({ page }) => {
  await signIn(page, "felix", "/settings/tokens");
  await page.getByLabel("Token name").fill("A11y dialog check");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const works = async () => (await page.request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } })).status();
  const row = page.getByTestId("token-row").filter({ hasText: "A11y dialog check" });
  const revoke = row.getByRole("button", { name: "Revoke" });
  const name = "Revoke “A11y dialog check”?";

  await revoke.click();
  await expectOpenDialog(page, name, "Trackers using it stop at once; a revoked token cannot be used again.");
  const axe = await new AxeBuilder({ page }).include("dialog[open]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(revoke).toBeFocused();
  expect(await works()).toBe(200);

  await revoke.press("Enter");
  const dialog = await expectOpenDialog(page, name, /cannot be used again/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(revoke).toBeFocused();
  await page.reload();
  await expect(row).not.toContainText("revoked");
  expect(await works()).toBe(200);

  await revoke.click();
  await expectOpenDialog(page, name, /stop at once/);
  await confirmIn(page, name, "Revoke token");
  await expect(row).toContainText("revoked");
  expect(await works()).toBe(401);
});

test("pausing a contract: Escape leaves it active, Pause contract pauses it", async ({ page }) => {
  await signIn(page, "clara", "/contracts");
  await page.getByRole("link", { name: "Data cleanup" }).click();
  await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  const status = page.getByTestId("contract-status");
  await expect(status).toHaveText("active");
  const pause = page.getByRole("button", { name: "Pause", exact: true });

  await pause.click();
  await expectOpenDialog(page, "Pause this contract?", "The freelancer cannot track or add time until you resume it.");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(pause).toBeFocused();
  await page.reload();
  await expect(status).toHaveText("active");

  await pause.click();
  await confirmIn(page, "Pause this contract?", "Pause contract");
  await expect(status).toHaveText("paused");
  await page.reload();
  await expect(status).toHaveText("paused");

  // leave the demo as it was: Resume asks nothing (it takes nothing away)
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(status).toHaveText("active");
});
