// The new-contract form checks every field in the browser with the API's schema, shows each
// error at its field, and takes it away as soon as the field is valid.
import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures";
import { whenHydrated } from "./support";

test("every field says what to fix before any request, and each error goes as soon as its field is fixed", async ({ page }) => {
  await signIn(page, "carl", "/contracts/new");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/contracts") posts.push(r.url());
  });
  const error = (field: string) => page.locator(`#${field}-error`);
  await whenHydrated(page.getByRole("button", { name: "Send offer" }));

  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(error("title")).toContainText("at least 3 characters");
  await expect(error("freelancerEmail")).toContainText("freelancer's email");
  await expect(error("hourlyRateCents")).toContainText("hourly rate in dollars");
  await expect(error("weeklyLimitHours")).toContainText("whole hours");
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Title").fill("Lo");
  await expect(error("title")).toContainText("at least 3 characters");
  await page.getByLabel("Title").fill("Logo v2");
  await expect(error("title")).toHaveCount(0);
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "false");
  await expect(error("hourlyRateCents")).toBeVisible(); // the others stay until they are fixed

  await page.getByLabel("Hourly rate (USD)").fill("30.125");
  await expect(error("hourlyRateCents")).toContainText("hourly rate in dollars");
  await page.getByLabel("Hourly rate (USD)").fill("30");
  await expect(error("hourlyRateCents")).toHaveCount(0);

  await page.getByLabel("Weekly limit (hours)").fill("200");
  await expect(error("weeklyLimitHours")).toHaveText("A week has 168 hours.");
  await page.getByLabel("Weekly limit (hours)").fill("5");
  await expect(error("weeklyLimitHours")).toHaveCount(0);

  await page.getByText("Advanced Options").click();
  await page.getByLabel("Weekly payment (USD)").fill("lots");
  await expect(error("weeklyPaymentCents")).toContainText("weekly payment in dollars");
  await page.getByLabel("Weekly payment (USD)").fill("");
  await expect(error("weeklyPaymentCents")).toHaveCount(0);

  await page.getByLabel("Freelancer's email").fill("nobody@");
  await expect(error("freelancerEmail")).toContainText("freelancer's email");
  expect(posts).toEqual([]); // nothing was sent while a field was wrong

  // the server's answer about a field stays until that field changes (an address with no account would be
  // invited, R16.1; a client's address is refused)
  await page.getByLabel("Freelancer's email").fill("clara@hourglass.test");
  await expect(error("freelancerEmail")).toHaveCount(0);
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(error("freelancerEmail")).toHaveText("No active freelancer has this email.");
  expect(posts).toHaveLength(1);
  await page.getByLabel("Title").fill("Logo v3");
  await expect(error("freelancerEmail")).toHaveText("No active freelancer has this email.");
  await page.getByLabel("Freelancer's email").fill("nobody2@hourglass.test");
  await expect(error("freelancerEmail")).toHaveCount(0);
});
