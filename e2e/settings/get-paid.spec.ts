// Settings > Get Paid in real Chromium on the demo (clock fixed at Wed 2024-06-12 15:05 UTC):
// fiona sees her seeded amounts, adds a payout method (errors named per field, a 3-day hold),
// withdraws with the fee and net shown and her password asked again, follows the status, and
// finds the withdrawal and its fee in the history while her available balance drops; a form
// submitted twice, or retried after its answer was lost, pays once; a payout the bank rejects
// ends "failed" with the money back.
import { execFile } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { confirmIn, DEMO_PASSWORD, signIn } from "../fixtures";
import { query } from "../diary/support";
import { formatCents } from "../../lib/format/money";

interface Balances {
  inReviewCents: string;
  pendingCents: string;
  availableCents: string;
}

async function balances(page: Page): Promise<Balances> {
  return ((await (await page.request.get("/api/ledger/balances")).json()) as { balances: Balances }).balances;
}

async function fionaId(): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id::text FROM users WHERE email = 'fiona@hourglass.test'");
  return row!.id;
}

/** Test fixture: as if fiona had added the method 4 days ago, past its R10.1 hold. */
async function endHold(methodLabel: string): Promise<void> {
  const moved = await query(
    `UPDATE payout_methods SET created_at = created_at - interval '4 days', usable_from = usable_from - interval '4 days'
     WHERE user_id = $1::uuid AND label = $2 AND removed_at IS NULL RETURNING id`,
    [await fionaId(), methodLabel],
  );
  expect(moved).toHaveLength(1);
}

async function withdrawalsWithKey(key: string): Promise<Array<{ id: string; amount_cents: number }>> {
  return query("SELECT id::text, amount_cents FROM withdrawals WHERE idempotency_key = $1", [key]);
}

/** Fills the Get Paid Now form and goes to the confirm step; returns the step's idempotency key. */
async function review(page: Page, amount: string, method: RegExp | null = null): Promise<string> {
  const form = page.getByRole("form", { name: "Get Paid Now" });
  if (method) {
    const value = await form.getByLabel("Pay to").evaluate((el, source) => [...(el as HTMLSelectElement).options].find((o) => new RegExp(source).test(o.text))?.value ?? "", method.source);
    await form.getByLabel("Pay to").selectOption(value);
  }
  await form.getByLabel("Amount (USD)").fill(amount);
  await form.getByRole("button", { name: "Review withdrawal" }).click();
  const confirm = page.getByRole("form", { name: "Confirm withdrawal" });
  await expect(confirm).toBeVisible();
  return (await confirm.getAttribute("data-idempotency-key"))!;
}

test("fiona sees her amounts, adds a method, withdraws with fee and net shown and her password again, and finds it in the history", async ({ page }) => {
  await signIn(page, "fiona", "/settings/get-paid");
  await expect(page.getByRole("heading", { name: "Settings › Get Paid" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Get Paid" })).toHaveAttribute("aria-current", "page");

  // the seeded amounts, as the ledger has them
  const before = await balances(page);
  expect(Number(before.inReviewCents)).toBeGreaterThan(0);
  expect(Number(before.availableCents)).toBeGreaterThanOrEqual(2_000);
  await expect(page.getByTestId("balance-inReview")).toContainText(formatCents(Number(before.inReviewCents)));
  await expect(page.getByTestId("balance-pending")).toContainText(formatCents(Number(before.pendingCents)));
  await expect(page.getByTestId("balance-available")).toContainText(formatCents(Number(before.availableCents)));

  // add a local bank method: a mistake is named at its field before anything is sent
  await page.getByRole("button", { name: "Add a payout method" }).click();
  const add = page.getByRole("form", { name: "Add a payout method" });
  await add.getByLabel("Local bank transfer").check();
  await add.getByLabel("Account holder").fill("Fiona Freelancer");
  await add.getByLabel("Name for this method (optional)").fill("Karachi savings");
  await add.getByLabel("Country").fill("Pakistan");
  await add.getByLabel("Bank or branch code").fill("HABB 0042");
  await add.getByLabel("Account number").fill("12");
  await add.getByRole("button", { name: "Add method" }).click();
  await expect(page.locator("#pm-country-error")).toContainText("Choose the bank's country");
  await expect(page.locator("#pm-accountNumber-error")).toContainText("4 to 34 letters and digits");
  await add.getByLabel("Country").fill("pk");
  await add.getByLabel("Account number").fill("0042 1234 5678 9012");
  await add.getByRole("button", { name: "Add method" }).click();
  const method = page.getByTestId("payout-method").filter({ hasText: "Karachi savings" });
  // R10.1 usable 3 days after it is added (the clock started at 15:05 UTC, 20:05 in Karachi, and runs on)
  await expect(method).toContainText(/usable from Sat 15 Jun 2024, 20:\d\d/);
  await expect(method).toContainText("PK bank HABB0042 · account ••••9012");
  await expect(method).not.toContainText("123456789012");
  await endHold("Karachi savings");
  await page.reload();
  await expect(page.getByTestId("payout-method").filter({ hasText: "Karachi savings" })).not.toContainText("usable from");

  // withdraw $20.00 to it: the $0.99 fee and the $19.01 net are shown before confirming
  const form = page.getByRole("form", { name: "Get Paid Now" });
  await form.getByLabel("Amount (USD)").fill("20");
  await form.getByLabel("Pay to").selectOption({ label: "Karachi savings · Local bank transfer" });
  await expect(page.getByTestId("withdraw-preview")).toHaveText("Fee $0.99 · you receive $19.01");
  await form.getByRole("button", { name: "Review withdrawal" }).click();
  await expect(page.getByTestId("withdraw-fee")).toHaveText("−$0.99");
  await expect(page.getByTestId("withdraw-net")).toHaveText("$19.01");
  const confirm = page.getByRole("form", { name: "Confirm withdrawal" });
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.locator("#password-error")).toHaveText("Enter your password to confirm the withdrawal.");
  await confirm.getByLabel("Your password").fill("not my password");
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.locator("#password-error")).toHaveText("That is not your password.");
  await confirm.getByLabel("Your password").fill(DEMO_PASSWORD);
  await confirm.getByRole("button", { name: /Confirm withdrawal/ }).click();

  // its status, then the history and the available balance
  const status = page.getByTestId("withdrawal-status");
  await expect(status).toContainText("Processing");
  await expect(status).toContainText("fee $0.99, $19.01 to Karachi savings");
  const reference = (await page.getByTestId("withdrawal-reference").textContent())!.trim();
  expect(reference).toMatch(/^HG-WDR-/);
  const row = page.getByTestId("withdrawal-row").filter({ hasText: reference });
  await expect(row).toContainText("$20.00");
  await expect(row).toContainText("$0.99");
  await expect(row).toContainText("Processing");
  const after = Number(before.availableCents) - 2_000;
  await expect(page.getByTestId("balance-available")).toContainText(formatCents(after));
  expect(Number((await balances(page)).availableCents)).toBe(after);

  // Reports > Transaction History (R12): the withdrawal and its fee, by reference ID
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  await page.getByRole("link", { name: "Transaction History" }).click();
  await expect(page).toHaveURL(/\/reports\/transactions$/);
  const line = (ref: string) => page.getByTestId("transaction-row").filter({ has: page.getByRole("link", { name: ref, exact: true }) });
  await expect(line(reference)).toContainText("Withdrawal");
  await expect(line(reference)).toContainText("-$19.01");
  await expect(line(`${reference}-F`)).toContainText("Withdrawal fee");
  await expect(line(`${reference}-F`)).toContainText("-$0.99");
  await expect(line(reference)).toContainText(`Withdrawal ${reference} (Local bank transfer)`);
  await expect(line(`${reference}-F`)).toContainText(`Withdrawal fee (Local bank transfer) for ${reference}`);
  // its statement names the method by its label, as the form did (no LOCAL_BANK)
  await line(reference).getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByTestId("invoice-lines").locator("tfoot")).toContainText("Sent to Karachi savings (Local bank transfer, ending");
});

test("a confirm submitted twice, or retried after its answer was lost, pays once", async ({ page }) => {
  await signIn(page, "fiona", "/settings/get-paid");
  const available = Number((await balances(page)).availableCents);

  // 1. the first answer is lost on the way back (the server did book it): the form retries with the same key
  const keys: string[] = [];
  let dropped = false;
  await page.route("**/api/withdrawals", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    keys.push(route.request().headers()["idempotency-key"] ?? "");
    if (dropped) return route.fallback();
    dropped = true;
    await route.fetch(); // reaches the server, which books it...
    await route.abort("connectionreset"); // ...but the browser never hears back
  });
  const key = await review(page, "10");
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /Confirm withdrawal/ }).click();
  await expect(page.getByTestId("withdrawal-status")).toContainText("Processing");
  expect(keys).toEqual([key, key]);
  expect(await withdrawalsWithKey(key)).toEqual([{ id: expect.any(String), amount_cents: 1_000 }]);
  await page.unroute("**/api/withdrawals");

  // 2. the confirm form submitted twice at once: two requests, one key, one withdrawal
  await page.getByRole("button", { name: "Make another withdrawal" }).click();
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/withdrawals")) posts.push(r.headers()["idempotency-key"] ?? "");
  });
  const second = await review(page, "11");
  expect(second).not.toBe(key);
  // Choice: back and the same amount to the same method keeps the key; another amount gets a new one
  await page.getByRole("button", { name: "Back" }).click();
  expect(await review(page, "11")).toBe(second);
  await page.getByRole("button", { name: "Back" }).click();
  expect(await review(page, "12")).not.toBe(second);
  await page.getByRole("button", { name: "Back" }).click();
  const third = await review(page, "11");
  expect(third).not.toBe(second); // the last review was for $12.00
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("form", { name: "Confirm withdrawal" }).evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(page.getByTestId("withdrawal-status")).toContainText("$11.00");
  await expect.poll(() => posts.length).toBe(2);
  expect(posts).toEqual([third, third]);
  expect(await withdrawalsWithKey(third)).toEqual([{ id: expect.any(String), amount_cents: 1_100 }]);
  expect(await withdrawalsWithKey(second)).toEqual([]);
  await expect(page.getByTestId("balance-available")).toContainText(formatCents(available - 1_000 - 1_100));
  expect(Number((await balances(page)).availableCents)).toBe(available - 1_000 - 1_100);
});

test("a payout the bank rejects ends failed, with the money and its fee back in available", async ({ page }) => {
  await signIn(page, "fiona", "/settings/get-paid");
  // the sandbox bank rejects payouts to cards ending 0002 (like card networks' test numbers)
  const added = await page.request.post("/api/payout-methods", { data: { kind: "INSTANT_CARD", label: "Test card", accountHolder: "Fiona Freelancer", cardNumber: "4000 0000 0000 0002", expiry: "12/30" } });
  expect(added.status()).toBe(201);
  await endHold("Test card");
  await page.reload();
  const available = Number((await balances(page)).availableCents);

  await review(page, "15", /^Test card/);
  await expect(page.getByTestId("withdraw-fee")).toHaveText("−$2.00");
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /Confirm withdrawal/ }).click();
  const status = page.getByTestId("withdrawal-status");
  await expect(status).toHaveAttribute("data-status", "PROCESSING");
  await expect(page.getByTestId("balance-available")).toContainText(formatCents(available - 1_500));

  // the payout job (the e2e portal runs no worker) hands it to the sandbox bank, which rejects it
  const out = await new Promise<string>((resolve, reject) =>
    execFile("npx", ["tsx", "--conditions=react-server", "e2e/settings/run-payouts.ts"], { env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
  expect(JSON.parse(out.trim().split("\n").at(-1)!).settled.failed).toBeGreaterThanOrEqual(1);

  // the page follows it without a reload (live event, or polling while it is processing)
  await expect(status).toHaveAttribute("data-status", "FAILED", { timeout: 15_000 });
  await expect(status).toContainText("is back in your available balance");
  await expect(page.getByTestId("balance-available")).toContainText(formatCents(available));
  const reference = (await page.getByTestId("withdrawal-reference").textContent())!.trim();
  await expect(page.getByTestId("withdrawal-row").filter({ hasText: reference })).toContainText("Failed, money returned");
});

test("methods are made default and removed; the schedule shows its next payout day and amount", async ({ page }) => {
  await signIn(page, "fiona", "/settings/get-paid");
  const added = await page.request.post("/api/payout-methods", { data: { kind: "WIRE", label: "Euro account", accountHolder: "Fiona Freelancer", iban: "DE44 5001 0517 5407 3249 31", swift: "DEUTDEFF" } });
  expect(added.status()).toBe(201);
  expect(await added.text()).not.toContain("500105175407324931");
  await page.reload();
  const wire = page.getByTestId("payout-method").filter({ hasText: "Euro account" });
  await expect(wire).toContainText("SWIFT DEUTDEFF · IBAN DE••••4931");
  await wire.getByRole("button", { name: "Make default" }).click();
  await expect(wire.getByRole("button", { name: "Make default" })).toHaveCount(0);
  await expect(page.getByTestId("payout-method").filter({ hasText: "Demo checking account" }).getByRole("button", { name: "Make default" })).toBeVisible();

  // R10.3 monthly: the last Wednesday of June (the wire method's hold ends on the 15th)
  const schedule = page.getByRole("form", { name: "Payout schedule" });
  await schedule.getByLabel("How often").selectOption("MONTHLY");
  await expect(schedule).toContainText("The next would be Wed 26 Jun 2024.");
  await schedule.getByLabel("Only when at least (USD)").fill("1,000");
  await schedule.getByRole("button", { name: /scheduled payouts|Save schedule/ }).click();
  await expect(page.locator("#thresholdCents-error")).toContainText("Enter the threshold in dollars");
  await schedule.getByLabel("Only when at least (USD)").fill("50");
  await schedule.getByRole("button", { name: /scheduled payouts|Save schedule/ }).click();
  await expect(page.getByTestId("next-payout-date")).toHaveText("Wed 26 Jun 2024");
  // the whole balance available on the 26th: today's and last week's, in review now, available Wed 19 June (R6.3)
  const now = await balances(page);
  const { schedule: view } = (await (await page.request.get("/api/payout-schedule")).json()) as { schedule: { nextPayout: { amountCents: number } } };
  expect(view.nextPayout.amountCents).toBeGreaterThanOrEqual(Number(now.availableCents) + Number(now.inReviewCents));
  await expect(page.getByTestId("next-payout-amount")).toHaveText(formatCents(view.nextPayout.amountCents));
  await expect(page.getByTestId("schedule-summary")).toContainText("to Euro account (fee $30.00");
  await page.screenshot({ path: "test-results/screenshots/settings-get-paid.png", fullPage: true });

  // removing the default makes the oldest other method the default (Choice in lib/payouts)
  await wire.getByRole("button", { name: "Remove" }).click();
  await confirmIn(page, "Remove “Euro account”?", "Remove method");
  await expect(page.getByTestId("payout-method").filter({ hasText: "Euro account" })).toHaveCount(0);
  await expect(page.getByTestId("payout-method").filter({ hasText: "Demo checking account" }).getByRole("button", { name: "Make default" })).toHaveCount(0);
  await expect(page.getByTestId("schedule-summary")).toContainText("to Demo checking account (fee $0.00");
});

test("/settings opens Get Paid; a client gets the 403 page and 403 from its API", async ({ page, browser }) => {
  await signIn(page, "fiona", "/settings");
  await expect(page).toHaveURL(/\/settings\/get-paid$/);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tracker", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings › Tracker" })).toBeVisible();

  const clara = await (await browser.newContext()).newPage();
  await signIn(clara, "clara");
  expect((await clara.goto("/settings/get-paid"))?.status()).toBe(403);
  expect((await clara.request.post("/api/withdrawals", { data: { amountCents: 100, password: DEMO_PASSWORD } })).status()).toBe(403);
  expect((await clara.request.put("/api/payout-schedule", { data: { frequency: "WEEKLY" } })).status()).toBe(403);
  await clara.context().close();
});
