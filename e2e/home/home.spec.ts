// Each role's home on the demo (clock at Wed 2024-06-12 15:05 UTC): the client sees this week's
// hours per contract against its limit and last week's billed time to review; the freelancer
// sees the same week against the limits and the money Reports shows; everyone sees what needs
// them; someone with no contract is told what to do first. Figures are checked against the
// database and the API as they stand when the test runs (other specs change the demo).
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS, signIn } from "../fixtures";
import { query } from "../diary/support";
import { formatCents, formatMinutes } from "../../lib/format/money";
import { hashPassword } from "../../lib/auth/password";

const WEEK_START = "2024-06-10T00:00:00Z";

/** Live segments of this work week per contract title, in minutes. */
async function loggedThisWeek(): Promise<Record<string, number>> {
  const rows = await query<{ title: string; minutes: number }>(
    `SELECT c.title, (count(s.id) * 10)::int AS minutes FROM contracts c
     LEFT JOIN segments s ON s.contract_id = c.id AND s.deleted_at IS NULL AND s.slot_start >= $1::timestamptz AND s.slot_start < $1::timestamptz + interval '7 days'
     GROUP BY c.id, c.title`,
    [WEEK_START],
  );
  return Object.fromEntries(rows.map((r) => [r.title, r.minutes]));
}

const row = (page: Page, title: string) => page.getByTestId("home-week-row").filter({ hasText: title });

async function unread(page: Page): Promise<number> {
  return ((await (await page.request.get("/api/conversations/unread")).json()) as { total: number }).total;
}

test("clara's home: this week's hours per contract against its limit, last week to review, and a link to that week's diary", async ({ page }) => {
  await signIn(page, "clara");
  const logged = await loggedThisWeek();
  await expect(row(page, "Mobile app development").getByTestId("home-week-hours")).toHaveText(`${formatMinutes(logged["Mobile app development"]!)} of 20:00 h`);
  await expect(row(page, "Data cleanup").getByTestId("home-week-hours")).toHaveText(`${formatMinutes(logged["Data cleanup"]!)}, no weekly limit`);
  await expect(row(page, "Mobile app development")).toContainText("Freelancer: Fiona Freelancer");
  // carl's contracts are not hers
  await expect(row(page, "Support retainer")).toHaveCount(0);

  // R7.1 last week's billed time is still disputable (until Friday 14 June)
  const week = page.getByTestId("review-week").filter({ hasText: "Mobile app development" });
  const [invoice] = await query<{ billed_minutes: number }>(
    `SELECT i.billed_minutes FROM invoices i JOIN contracts c ON c.id = i.contract_id WHERE c.title = 'Mobile app development' AND i.week_start = '2024-06-03T00:00:00Z'`,
  );
  expect(invoice!.billed_minutes).toBeGreaterThan(0);
  await expect(week).toContainText(`week of 2024-06-03, ${formatMinutes(invoice!.billed_minutes)} billed`);
  await expect(week).toContainText("disputable until Fri 14 Jun 2024 23:59 UTC");

  const messages = await unread(page);
  if (messages > 0) await expect(page.getByTestId("need-messages")).toHaveText(`${messages} unread message${messages === 1 ? "" : "s"} →`);
  else await expect(page.getByTestId("need-messages")).toHaveCount(0);
  // the contract table is still there, below
  await expect(page.getByRole("heading", { name: "All your contracts" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Data cleanup");

  await week.getByRole("link", { name: "Mobile app development" }).click();
  await expect(page).toHaveURL(/\/diary\?contract=[\w-]+&day=2024-06-03$/);
});

test("fiona's home: her week against each limit, the money Reports shows, and what needs her", async ({ page }) => {
  await signIn(page, "fiona");
  const logged = await loggedThisWeek();
  await expect(row(page, "Mobile app development").getByTestId("home-week-hours")).toHaveText(`${formatMinutes(logged["Mobile app development"]!)} of 20:00 h`);
  await expect(row(page, "Mobile app development").getByRole("progressbar")).toBeVisible();
  await expect(row(page, "Logo refresh")).toContainText("Paused");
  await expect(row(page, "Logo refresh")).toContainText("Client: Carl Client");

  const { balances } = (await (await page.request.get("/api/ledger/balances")).json()) as { balances: { inReviewCents: string; pendingCents: string; availableCents: string } };
  await expect(page.getByTestId("home-in-review")).toContainText(formatCents(BigInt(balances.inReviewCents)));
  await expect(page.getByTestId("home-pending")).toContainText(formatCents(BigInt(balances.pendingCents)));
  await expect(page.getByTestId("home-available")).toContainText(formatCents(BigInt(balances.availableCents)));
  // the same figures as Reports
  await page.getByRole("link", { name: "Reports", exact: true }).first().click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByTestId("card-available")).toContainText(formatCents(BigInt(balances.availableCents)));
  await page.goBack();

  const [counts] = await query<{ offers: number; disputes: number }>(
    `SELECT (SELECT count(*)::int FROM contracts WHERE freelancer_id = u.id AND status = 'OFFER') AS offers,
            (SELECT count(*)::int FROM disputes d JOIN contracts c ON c.id = d.contract_id WHERE c.freelancer_id = u.id AND d.status = 'OPEN' AND d.respond_by > '2024-06-12T15:05:00Z'::timestamptz) AS disputes
     FROM users u WHERE u.email = $1`,
    [DEMO_USERS.fiona.email],
  );
  if (counts!.offers > 0) await expect(page.getByTestId("need-offers")).toContainText(`${counts!.offers} offer`);
  else await expect(page.getByTestId("need-offers")).toHaveCount(0);
  if (counts!.disputes > 0) await expect(page.getByTestId("need-disputes")).toContainText(`${counts!.disputes} dispute`);
  else await expect(page.getByTestId("need-disputes")).toHaveCount(0);
  const messages = await unread(page);
  if (messages > 0) await expect(page.getByTestId("need-messages")).toContainText(`${messages} unread`);
  await page.getByRole("link", { name: "Work Diary", exact: true }).last().click();
  await expect(page).toHaveURL(/\/diary/);
});

test("the admin's home counts the disputes awaiting review and links to the queue", async ({ page }) => {
  await signIn(page, "admin");
  const [{ queue }] = (await query<{ queue: number }>(
    `SELECT count(*)::int AS queue FROM disputes WHERE status = 'ESCALATED' OR (status = 'OPEN' AND respond_by <= '2024-06-12T15:05:00Z'::timestamptz)`,
  )) as [{ queue: number }];
  if (queue > 0) {
    await expect(page.getByTestId("need-dispute-queue")).toContainText(`${queue} dispute`);
    await expect(page.getByTestId("need-dispute-queue")).toHaveAttribute("href", "/admin/disputes");
  } else await expect(page.getByTestId("needs-nothing")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Every contract" })).toBeVisible();
  await expect(page.getByTestId("home-week-row")).toHaveCount(0);
});

test("a freelancer with no contract yet is told what to do first", async ({ page }) => {
  const email = `new-${randomUUID().slice(0, 8)}@hourglass.test`;
  await query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1::uuid, $2, 'Nina Newcomer', 'FREELANCER', $3)`, [randomUUID(), email, await hashPassword("newcomer-password")]);
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("newcomer-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("home-empty")).toContainText("No contracts yet.");
  await expect(page.getByTestId("needs-nothing")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await page.getByRole("link", { name: "Create a tracker token" }).click();
  await expect(page).toHaveURL(/\/settings\/tokens$/);
});
