import { execFile } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, streamedIn } from "../fixtures";

// R14.3 / R14.4 / R14.5 in real Chromium on the demo (clock at Wed 2024-06-12 15:05 UTC): Bea's weekly charge for
// the week of 13 May was declined (e2e/billing/charges-setup.ts, through the real close, charge job and sandbox).
// Fred sees the unpaid week on his contract, with what is protected and what waits; Bea sees the banner, the
// charge with its attempt and Pay now in Settings › Billing, adds a good card and pays: the charge is Paid,
// her history shows it once, and Fred's contract no longer says unpaid.

const BEA = "bea.billing@hourglass.test";
const FRED = "fred.billing@hourglass.test";
type Setup = { contractId: string; chargeId: string; referenceId: string; amountCents: number; status: string };

function setUp(): Promise<Setup> {
  return new Promise((resolve, reject) =>
    execFile("npx", ["tsx", "--conditions=react-server", "e2e/billing/charges-setup.ts"], { env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, timeout: 90_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as Setup),
    ),
  );
}

async function signInAs(page: Page, email: string, name: string, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(name);
  await streamedIn(page);
}

const dollars = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

test("a declined weekly charge: the freelancer sees the unpaid week, the client pays it now with a new card, and it is gone", async ({ browser }) => {
  test.setTimeout(180_000);
  const setup = await setUp();
  expect(setup.status).toBe("FAILED");

  // Fred: his contract says the client's payment is verified and the week of 13 May is unpaid, protected part and waiting part
  const fred = await (await browser.newContext()).newPage();
  await signInAs(fred, FRED, "Fred Billing", `/contracts/${setup.contractId}`);
  await expect(fred.getByTestId("client-payment-verified")).toHaveAttribute("data-verified", "true");
  const unpaid = fred.getByTestId("unpaid-week");
  await expect(unpaid).toHaveCount(1);
  await expect(unpaid).toContainText("Week of 2024-05-13 unpaid");
  await expect(unpaid.getByTestId("unpaid-week-protected")).toContainText(/\$\d+\.\d\d protected/);
  await expect(unpaid.getByTestId("unpaid-week-held")).toContainText(/\$\d+\.\d\d waiting/);
  // the client's card is never shown to him
  await expect(fred.locator("body")).not.toContainText("0341");
  // the Work Diary's header says the same for this contract
  await fred.goto(`/diary?contract=${setup.contractId}&day=2024-05-14`);
  await expect(fred.getByTestId("unpaid-week")).toContainText("Week of 2024-05-13 unpaid");

  // Bea: Home's banner links to Settings › Billing, where the charge shows its declined attempt and Pay now
  const bea = await (await browser.newContext()).newPage();
  await signInAs(bea, BEA, "Bea Billing", "/");
  const banner = bea.getByTestId("billing-banner");
  await expect(banner).toContainText("A weekly charge failed");
  await banner.getByRole("link", { name: "Pay in Settings › Billing" }).click();
  await expect(bea).toHaveURL(/\/settings\/billing$/);
  const charge = bea.getByTestId("charge").filter({ hasText: setup.referenceId });
  await expect(charge).toHaveAttribute("data-status", "FAILED");
  await expect(charge.getByTestId("charge-status")).toContainText("Failed");
  await expect(charge.getByTestId("charge-amount")).toHaveText(dollars(setup.amountCents));
  const attempt = charge.getByTestId("charge-attempt");
  await expect(attempt).toHaveCount(1);
  await expect(attempt).toContainText("Weekly close");
  await expect(attempt).toContainText("Visa •••• 0341");
  await expect(attempt).toContainText("Declined: The card was declined by its bank.");
  await expect(charge.getByRole("link", { name: /^HG-INV-/ })).toHaveCount(1);

  // pay now on the declined card: declined again, said on the charge, still payable
  const pay = charge.getByRole("button", { name: `Pay ${dollars(setup.amountCents)} now` });
  await pay.click();
  await expect(charge.getByRole("alert")).toContainText("declined");
  await expect(charge.getByTestId("charge-attempt")).toHaveCount(2);

  // a good card (the sandbox's 4242), made the default, then pay now
  const added = await bea.request.post("/api/billing-methods", { data: { kind: "CARD", cardNumber: "4242 4242 4242 4242", expiry: "12/30", cvc: "123" } });
  expect(added.status()).toBe(201);
  const { method } = (await added.json()) as { method: { id: string; isDefault: boolean } };
  if (!method.isDefault) expect((await bea.request.patch(`/api/billing-methods/${method.id}`, { data: { isDefault: true } })).status()).toBe(200);
  await pay.click();
  await expect(charge).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(charge.getByTestId("charge-status")).toHaveText("Paid");
  await expect(charge.getByTestId("charge-attempt").last()).toContainText("Visa •••• 4242");
  await expect(charge.getByRole("button", { name: /Pay .* now/ })).toHaveCount(0);

  // her history: the failed attempts move nothing, the charge shows once, and she owes nothing for it
  await bea.goto("/reports/transactions?from=2024-05-01&type=CHARGE");
  await expect(bea.getByTestId("transaction-row")).toHaveCount(1);
  await expect(bea.getByTestId("transaction-row")).toContainText(`Charge ${setup.referenceId} paid by Visa •••• 4242`);
  await bea.goto("/reports/transactions?from=2024-05-01&type=FAILED_CHARGE");
  await expect(bea.getByTestId("transaction-row")).toHaveCount(2);
  await expect(bea.getByTestId("transaction-row").first()).toContainText("Charge attempt failed");
  await bea.goto("/");
  await expect(bea.getByTestId("billing-banner")).toHaveCount(0);

  // Fred's contract no longer says unpaid
  await fred.goto(`/contracts/${setup.contractId}`);
  await expect(fred.getByTestId("client-payment-verified")).toBeVisible();
  await expect(fred.getByTestId("unpaid-week")).toHaveCount(0);
});
