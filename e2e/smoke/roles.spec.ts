import { expect, test } from "@playwright/test";
import { DEMO_USERS, signIn } from "../fixtures";

const NAV = {
  admin: ["Work Diary", "Contracts", "Disputes", "Admin"],
  clara: ["Work Diary", "Contracts", "Disputes", "Reports", "Messages"],
  fiona: ["Work Diary", "Contracts", "Disputes", "Reports", "Get Paid", "Messages"],
} as const;

for (const who of ["admin", "clara", "fiona"] as const) {
  test(`${DEMO_USERS[who].role.toLowerCase()} signs in, sees the role's navigation, and signs out`, async ({ page }) => {
    await signIn(page, who);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText([...NAV[who]]);
    await expect(page.getByRole("table")).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/${DEMO_USERS[who].role.toLowerCase()}-home.png`, fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F$/);
  });
}

test("a wrong password gets one message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_USERS.felix.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").and(page.getByTestId("sign-in-error"))).toHaveText("Email or password is incorrect.");
  await page.getByLabel("Email").fill("nobody@hourglass.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").and(page.getByTestId("sign-in-error"))).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a bad email is named as the field to fix", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#email-error")).toContainText("valid email");
});

test("a page without a session goes to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/reports");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Freports/);
  await page.getByLabel("Email").fill(DEMO_USERS.farah.email);
  await page.getByLabel("Password").fill("hourglass-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();
});

test("the wrong role gets a 403 page", async ({ page }) => {
  await signIn(page, "fiona");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is not for your role" })).toBeVisible();
  const clientOnGetPaid = await page.request.get("/settings/get-paid");
  expect(clientOnGetPaid.status()).toBe(200);
});
