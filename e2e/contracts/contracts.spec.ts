import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmIn, signIn } from "../fixtures";
import { query } from "../diary/support";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

async function as(browser: Browser, who: DemoUserKey, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, path);
  return page;
}

test("a client offers a contract with Advanced Options, the freelancer accepts, the client lowers the limit, the admin sees it all in the audit log", async ({ browser }) => {
  const clara = await as(browser, "clara", "/contracts/new");
  await clara.getByLabel("Title").fill("Dashboard redesign");
  await clara.getByLabel("Freelancer's email").fill("felix@hourglass.test");
  await clara.getByLabel("Hourly rate (USD)").fill("38.50");
  await clara.getByLabel("Weekly limit (hours)").fill("10");
  await clara.getByText("Advanced Options").click();
  await clara.getByLabel("Weekly payment (USD)").fill("200");
  await clara.getByRole("button", { name: "Send offer" }).click();
  await expect(clara.getByRole("heading", { name: "Dashboard redesign" })).toBeVisible();
  await expect(clara.getByTestId("contract-status")).toHaveText("offer");
  await clara.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  const contractUrl = new URL(clara.url()).pathname;

  const felix = await as(browser, "felix", contractUrl);
  await expect(felix.getByText("$38.50/h")).toBeVisible();
  await expect(felix.getByText("$200.00")).toBeVisible();
  await expect(felix.getByRole("heading", { name: "Terms" })).toHaveCount(0); // read-only for the freelancer
  await felix.getByRole("button", { name: "Accept offer" }).click();
  await expect(felix.getByTestId("contract-status")).toHaveText("active");
  const patch = await felix.request.patch(`/api${contractUrl}`, { data: { weeklyLimitHours: 40 } });
  expect(patch.status()).toBe(403);

  // The e2e clock is Wednesday 12 June 2024: a decrease waits for Monday 17 June.
  await clara.reload();
  await clara.getByLabel(/Weekly limit \(hours; empty/).fill("5");
  await clara.getByRole("button", { name: "Save limit" }).click();
  await expect(clara.getByTestId("weekly-limit")).toHaveText("10 h now, 5 h from Mon 17 Jun");
  const rateChange = await clara.request.patch(`/api${contractUrl}`, { data: { hourlyRateCents: 9000 } });
  expect(rateChange.status()).toBe(422);
  expect((await rateChange.json()).error.fields.hourlyRateCents).toContain("hire again");

  const admin = await as(browser, "admin", "/admin");
  const log = admin.getByTestId("audit-log");
  await expect(log).toContainText("contract.weekly_limit_changed");
  await expect(log).toContainText("contract.accepted");
  await expect(log).toContainText("contract.created");
});

test("the new-contract form names each field to fix", async ({ page }) => {
  await signIn(page, "carl", "/contracts/new");
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(page.locator("#hourlyRateCents-error")).toContainText("hourly rate in dollars");
  await expect(page.locator("#weeklyLimitHours-error")).toContainText("whole hours");
  await page.getByLabel("Hourly rate (USD)").fill("30");
  await page.getByLabel("Weekly limit (hours)").fill("5");
  // an email without an account invites its owner (R16.1); a client's email is no freelancer
  await page.getByLabel("Freelancer's email").fill("clara@hourglass.test");
  await page.getByLabel("Title").fill("Something");
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(page.locator("#freelancerEmail-error")).toHaveText("No active freelancer has this email.");
});

test("another client's contract is 404, as a page and through the API; freelancers cannot create contracts", async ({ browser }) => {
  const clara = await as(browser, "clara", "/contracts");
  await clara.getByRole("link", { name: "Mobile app development" }).click();
  await clara.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  const contractPath = new URL(clara.url()).pathname;

  const carl = await as(browser, "carl");
  expect((await carl.goto(contractPath))?.status()).toBe(404);
  expect((await carl.request.get(`/api${contractPath}`)).status()).toBe(404);
  expect((await carl.request.patch(`/api${contractPath}`, { data: { weeklyLimitHours: 1 } })).status()).toBe(404);
  expect((await carl.request.post(`/api${contractPath}/pause`)).status()).toBe(404);
  expect((await carl.request.post(`/api${contractPath}/rehire`, { data: { title: "A valid title", hourlyRateCents: 100, weeklyLimitHours: 1 } })).status()).toBe(404);

  const farah = await as(browser, "farah");
  expect((await farah.goto("/contracts/new"))?.status()).toBe(403);
  const post = await farah.request.post("/api/contracts", { data: { title: "Mine", freelancerEmail: "farah@hourglass.test", hourlyRateCents: 100, weeklyLimitHours: 1 } });
  expect(post.status()).toBe(403);
});

test("clara pays a bonus on the contract page once per form instance; felix sees it; the admin (who lists every contract) and carl cannot pay it", async ({ browser }) => {
  const clara = await as(browser, "clara", "/contracts");
  await clara.getByRole("link", { name: "Data cleanup" }).click();
  await clara.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  const contractPath = new URL(clara.url()).pathname;
  const contractId = contractPath.split("/").pop()!;
  const form = clara.getByRole("form", { name: "Pay a bonus" });

  // each field that needs fixing says so, before any request
  await form.getByRole("button", { name: "Pay bonus" }).click();
  await expect(clara.locator("#bonus-amount-error")).toContainText("Enter the bonus in dollars");
  await expect(clara.locator("#bonus-memo-error")).toHaveText("Say what the bonus is for.");

  await form.getByLabel("Bonus (USD)").fill("25.50");
  await form.getByLabel("What it is for").fill("Great cleanup of the address table");
  await form.getByRole("button", { name: "Pay bonus" }).click();
  await confirmIn(clara, "Pay a bonus of $25.50?", "Pay $25.50");
  // R8 both fees apply; available 5 days after it is paid (the e2e clock is Wed 12 June 2024)
  await expect(clara.getByTestId("bonus-paid")).toContainText(/Bonus HG-BON-\S+ of \$25\.50 paid \(client fee \$0\.77\)\. The freelancer can use it from Mon,? 17 Jun 2024\./);
  await expect(clara.getByTestId("bonus-list")).toContainText("Great cleanup of the address table");
  await expect(form.getByLabel("Bonus (USD)")).toHaveValue("");

  const rows = await bonusRows(contractId);
  expect(rows).toEqual([{ amount_cents: 2550, n: 1 }]);

  // a second bonus from the same page is a new payment (a new key after a success)
  await form.getByLabel("Bonus (USD)").fill("10");
  await form.getByLabel("What it is for").fill("Weekend fix");
  await form.getByRole("button", { name: "Pay bonus" }).click();
  await confirmIn(clara, "Pay a bonus of $10.00?", "Pay $10.00");
  await expect(clara.getByTestId("bonus-paid")).toContainText("of $10.00 paid");
  expect(await bonusRows(contractId)).toEqual([{ amount_cents: 1000, n: 1 }, { amount_cents: 2550, n: 1 }]);

  const felix = await as(browser, "felix", contractPath);
  await expect(felix.getByTestId("bonus-list")).toContainText("Great cleanup of the address table");
  await expect(felix.getByRole("form", { name: "Pay a bonus" })).toHaveCount(0);
  // the admin's contract list is every contract, with both parties
  const admin = await as(browser, "admin", "/admin");
  await admin.getByRole("link", { name: "All contracts" }).click();
  for (const title of ["Mobile app development", "Data cleanup", "Support retainer", "Logo refresh"]) await expect(admin.getByRole("link", { name: title })).toBeVisible();
  await expect(admin.getByRole("columnheader", { name: "Client" })).toBeVisible();
  await admin.getByRole("link", { name: "Data cleanup" }).click();
  await expect(admin.getByRole("heading", { name: "Data cleanup" })).toBeVisible();
  await expect(admin.getByRole("form", { name: "Pay a bonus" })).toHaveCount(0);
  const carl = await as(browser, "carl");
  expect((await carl.request.post("/api/bonuses", { data: { contractId, amountCents: 100, memo: "not mine" }, headers: { "Idempotency-Key": "e2e-contracts-bonus-carl" } })).status()).toBe(404);
});

async function bonusRows(contractId: string): Promise<Array<{ amount_cents: number; n: number }>> {
  return query<{ amount_cents: number; n: number }>("SELECT amount_cents, count(*)::int AS n FROM bonuses WHERE contract_id = $1 GROUP BY amount_cents ORDER BY amount_cents", [contractId]);
}
