// Offers and ending: an offer reads as an offer and is declined by the freelancer or
// withdrawn by the client; either side ends a running contract and the other side's open page
// follows live; ending before the start date is no error; an unverified client is named on both
// sides. The e2e clock is Wednesday 12 June 2024. carl (unverified) offers felix new contracts,
// so the seeded contracts other specs use stay as they are.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "../fixtures";
import { whenHydrated } from "./support";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

async function as(browser: Browser, who: DemoUserKey, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, path);
  return page;
}

/** carl offers felix a contract through the API; returns its page path. */
async function offer(carl: Page, title: string, startsAt?: string): Promise<string> {
  const res = await carl.request.post("/api/contracts", {
    data: { title, freelancerEmail: "felix@hourglass.test", hourlyRateCents: 3000, weeklyLimitHours: 10, ...(startsAt ? { startsAt } : {}) },
  });
  expect(res.status()).toBe(201);
  return `/contracts/${((await res.json()) as { id: string }).id}`;
}

/** Clicks a status action; `confirm` answers its confirmation, the portal's dialog or the browser's. */
async function act(page: Page, name: string, confirm = false): Promise<void> {
  await whenHydrated(page.getByRole("button", { name, exact: true }));
  if (!confirm) return page.getByRole("button", { name, exact: true }).click();
  const native = new Promise<void>((resolve) => page.once("dialog", (dialog) => void dialog.accept().then(resolve)));
  await page.getByRole("button", { name, exact: true }).click();
  const inPage = page.getByRole("dialog").getByRole("button", { name, exact: true });
  await Promise.race([native, inPage.click().catch(() => undefined)]);
}

test("an offer shows as an offer; felix declines one and carl withdraws another, each side's open page follows live", async ({ browser }) => {
  const carl = await as(browser, "carl");
  const declined = await offer(carl, `Offer to decline ${Date.now()}`, "2024-06-20");
  await carl.goto(declined);
  const felix = await as(browser, "felix", declined);

  for (const page of [felix, carl]) {
    await expect(page.getByTestId("contract-status")).toHaveText("offer");
    await expect(page.getByText("Starts", { exact: true })).toBeVisible();
    await expect(page.getByText("2024-06-20")).toBeVisible();
    await expect(page.getByText("Started", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "End contract" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Disputes of this contract" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Dispute time in the Work Diary" })).toHaveCount(0);
  }
  await expect(felix.getByRole("button", { name: "Accept offer" })).toBeVisible();
  await expect(carl.getByRole("button", { name: "Withdraw offer" })).toBeVisible();
  await expect(carl.getByRole("button", { name: "Accept offer" })).toHaveCount(0);

  await act(felix, "Decline offer", true);
  await expect(felix.getByTestId("contract-status")).toHaveText("offer declined");
  await expect(felix.getByRole("button", { name: "Accept offer" })).toHaveCount(0);
  await expect(carl.getByTestId("contract-status")).toHaveText("offer declined"); // live, no reload
  await expect(carl.getByRole("button", { name: "Withdraw offer" })).toHaveCount(0);

  const withdrawn = await offer(carl, `Offer to withdraw ${Date.now()}`);
  await carl.goto(withdrawn);
  await felix.goto(withdrawn);
  await expect(felix.getByRole("button", { name: "Accept offer" })).toBeVisible();
  await act(carl, "Withdraw offer", true);
  await expect(carl.getByTestId("contract-status")).toHaveText("offer withdrawn");
  await expect(felix.getByTestId("contract-status")).toHaveText("offer withdrawn");
  await expect(felix.getByRole("button", { name: "Accept offer" })).toHaveCount(0);
  expect((await felix.request.post(`/api${withdrawn}/accept`)).status()).toBe(409);

  await carl.goto("/contracts");
  await expect(carl.getByRole("row", { name: /Offer to withdraw/ })).toContainText("offer withdrawn");
});

test("felix ends a running contract and carl's open page shows it ended; carl ends one before its start date without an error", async ({ browser }) => {
  const carl = await as(browser, "carl");
  const running = await offer(carl, `Ended by the freelancer ${Date.now()}`);
  const felix = await as(browser, "felix", running);
  await act(felix, "Accept offer");
  await expect(felix.getByTestId("contract-status")).toHaveText("active");
  await expect(felix.getByRole("button", { name: "Pause" })).toHaveCount(0); // pausing stays the client's
  await carl.goto(running);
  await expect(carl.getByTestId("contract-status")).toHaveText("active");

  await act(felix, "End contract", true);
  await expect(felix.getByTestId("contract-status")).toHaveText("ended");
  await expect(carl.getByTestId("contract-status")).toHaveText("ended"); // live, no reload
  await expect(carl.getByText("Ended", { exact: true })).toBeVisible();

  const future = await offer(carl, `Ended before it starts ${Date.now()}`, "2024-06-20");
  await felix.goto(future);
  await act(felix, "Accept offer");
  await expect(felix.getByTestId("contract-status")).toHaveText("active");
  await expect(felix.getByText("Starts", { exact: true })).toBeVisible();
  await carl.goto(future);
  await act(carl, "End contract", true);
  await expect(carl.getByTestId("contract-status")).toHaveText("ended");
  await expect(carl.getByText("Something went wrong")).toHaveCount(0);
  // it never ran: it ends on its start date
  await expect(carl.locator("dd").filter({ hasText: "2024-06-20" })).toHaveCount(2);
});

test("both sides see that the client's payment method is not verified (no Hourly Protection); a verified client's contract says nothing", async ({ browser }) => {
  const carl = await as(browser, "carl", "/contracts");
  await carl.getByRole("link", { name: "Support retainer" }).click();
  await expect(carl.getByTestId("unprotected-notice")).toHaveText(/Your payment method is not verified yet, so time on this contract is not covered by Hourly Protection/);
  const farah = await as(browser, "farah", new URL(carl.url()).pathname);
  await expect(farah.getByTestId("unprotected-notice")).toHaveText(/The client has no verified payment method, so time on this contract is not covered by Hourly Protection/);

  const clara = await as(browser, "clara", "/contracts");
  await clara.getByRole("link", { name: "Data cleanup" }).click();
  await expect(clara.getByRole("heading", { name: "Data cleanup" })).toBeVisible();
  await expect(clara.getByTestId("unprotected-notice")).toHaveCount(0);
});
