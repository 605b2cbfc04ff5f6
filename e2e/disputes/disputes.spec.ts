// The dispute process in real Chromium, one browser per role, at Wed 12 June 2024 15:05 UTC: file, decline,
// admin resolves and refunds exactly the failing segments; a withdrawal; what each role may not do.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmIn, signIn } from "../fixtures";
import { contractId, query, waitFor } from "../diary/support";
import { refundForMinutes } from "../../lib/billing";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

/** A rule number in page text, such as "(R7.3)": rule numbers belong in code comments. */
const RULE_NUMBER = /\(R\d+(\.\d+)?\)/;

async function as(browser: Browser, who: DemoUserKey, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, path);
  return page;
}

interface SegmentRow {
  id: string;
  at: string;
  activity: number;
}

/**
 * Tracked segments of a contract's last week (3-9 June) that were billed: the first `limitSlots`
 * slots of the week count, later ones are over the weekly limit (R4.2). Each with its UTC day.
 */
async function billedSegments(contract: string, limitSlots = 1008): Promise<Array<SegmentRow & { day: string }>> {
  return query<SegmentRow & { day: string }>(
    `SELECT id, at, activity, day FROM (
       SELECT s.id::text AS id, to_char(s.slot_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, to_char(s.slot_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              s.activity_level AS activity, s.kind, s.memo, row_number() OVER (ORDER BY s.slot_start) AS n
       FROM segments s WHERE s.contract_id = $1 AND s.deleted_at IS NULL AND s.slot_start >= '2024-06-03' AND s.slot_start < '2024-06-10') x
     WHERE n <= $2 AND kind = 'TRACKED' AND memo <> '' AND EXISTS (SELECT 1 FROM screenshots sh WHERE sh.segment_id = x.id::uuid)
     ORDER BY at`,
    [contract, limitSlots],
  );
}

async function invoiceOf(contract: string) {
  const [row] = await query<{ billed_minutes: number; hourly_amount_cents: number; hourly_client_fee_cents: number; hourly_service_fee_cents: number }>(
    "SELECT billed_minutes, hourly_amount_cents, hourly_client_fee_cents, hourly_service_fee_cents FROM invoices WHERE contract_id = $1 AND week_start = '2024-06-03'",
    [contract],
  );
  if (!row) throw new Error("no invoice for last week");
  return { billableMinutes: row.billed_minutes, amountCents: row.hourly_amount_cents, clientFeeCents: row.hourly_client_fee_cents, serviceFeeCents: row.hourly_service_fee_cents };
}

const dollars = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test("clara disputes from the diary, fiona sees the verdicts and declines, the admin resolves from the queue, clara sees the refund", async ({ browser }) => {
  const contract = await contractId("Mobile app development");
  // Within the contract's 20 h limit (R4.2): a billed segment with no activity (it fails Hourly
  // Protection, R5) and two protected ones of the same day.
  const billed = await billedSegments(contract, 20 * 6);
  const idle = billed.find((s) => s.activity === 0);
  expect(idle, "the demo has a billed segment without activity").toBeDefined();
  const day = idle!.day;
  const chosen = [...billed.filter((s) => s.day === day && s.activity > 0).slice(0, 2), idle!];
  expect(chosen).toHaveLength(3);
  const failing = 1;

  // fiona has her disputes open before anything is filed: the new one must appear without a reload
  const fiona = await as(browser, "fiona", "/disputes");
  await expect(fiona.getByRole("heading", { name: "Disputes" })).toBeVisible();
  const fionaRows = fiona.getByTestId("dispute-row").filter({ hasText: "Mobile app development" });
  await expect(fionaRows).toHaveCount(0);

  const clara = await as(browser, "clara", `/diary?contract=${contract}&day=${day}&tz=utc`);
  await expect(clara.getByTestId("diary-grid")).toHaveAttribute("aria-busy", "false");
  for (const s of chosen) {
    const cell = clara.locator(`[data-slot="${s.at}"]`);
    // the grid is server-rendered: a key pressed before hydration is lost, so press until it takes
    await expect(async () => {
      if ((await cell.getAttribute("aria-selected")) !== "true") {
        await cell.focus();
        await clara.keyboard.press(" ");
      }
      await expect(cell).toHaveAttribute("aria-selected", "true", { timeout: 1000 });
    }).toPass();
  }
  await clara.getByRole("button", { name: `Dispute ${chosen.length} segments` }).click();
  const dialog = clara.getByRole("dialog", { name: "File a dispute" });
  await dialog.getByLabel("Reason").fill("Screenshots show another client's app.");
  await dialog.getByRole("button", { name: "File dispute" }).click();
  await expect(clara.getByTestId("diary-verdict")).toContainText(`filed for ${chosen.length} segments`);
  const [dispute] = await query<{ id: string; reference_id: string }>("SELECT id::text, reference_id FROM disputes WHERE contract_id = $1", [contract]);
  expect(dispute).toBeDefined();

  // fiona: live, then the verdicts
  await expect(fionaRows).toHaveCount(1);
  await expect(fionaRows.getByTestId("dispute-status")).toHaveText("Open");
  // the contract is paused (R7.2) on both sides
  expect((await query<{ status: string }>("SELECT status::text FROM contracts WHERE id = $1", [contract]))[0]?.status).toBe("PAUSED");

  await clara.goto(`/disputes/${dispute!.id}`);
  await expect(clara.getByTestId("dispute-status")).toHaveText("Open");
  await expect(clara.getByRole("button", { name: "Resolve dispute" })).toHaveCount(0);
  await expect(clara.getByRole("button", { name: "Decline" })).toHaveCount(0);

  await fionaRows.getByRole("link", { name: dispute!.reference_id }).click();
  await expect(fiona.getByRole("heading", { name: `Dispute ${dispute!.reference_id}` })).toBeVisible();
  const verdicts = fiona.getByTestId("verdict-row");
  await expect(verdicts).toHaveCount(chosen.length);
  await expect(verdicts.getByTestId("verdict").filter({ hasText: "Not protected" })).toHaveCount(failing);
  await expect(fiona.locator(`[data-testid="verdict-row"][data-slot="${idle!.at}"]`)).toContainText("No keyboard or mouse activity");
  await expect(fiona.getByRole("button", { name: "Withdraw dispute" })).toHaveCount(0);
  await fiona.getByRole("button", { name: "Decline" }).click();
  await confirmIn(fiona, "Decline the dispute?", "Decline and escalate");
  await expect(fiona.getByTestId("dispute-status")).toHaveText("With an admin");

  // clara's open page follows without a reload
  await expect(clara.getByTestId("dispute-status")).toHaveText("With an admin");
  await expect(clara.getByTestId("dispute-stage")).toHaveText("The freelancer declined: an admin reviews the dispute.");
  // a client cannot resolve, even their own dispute
  expect((await clara.request.post(`/api/disputes/${dispute!.id}/resolve`)).status()).toBe(403);

  // the admin: the queue, every verdict, the resolution
  const admin = await as(browser, "admin", "/admin");
  await admin.getByTestId("dispute-queue-link").click();
  await expect(admin.getByRole("heading", { name: "Disputes queue" })).toBeVisible();
  expect(await admin.locator("body").innerText()).not.toMatch(RULE_NUMBER);
  await admin.getByTestId("dispute-queue").getByRole("link", { name: dispute!.reference_id }).click();
  await expect(admin.getByTestId("verdict-row")).toHaveCount(chosen.length);
  await expect(admin.getByTestId("outcome").filter({ hasText: "Refunded if reviewed" })).toHaveCount(failing);
  await admin.screenshot({ path: "test-results/screenshots/dispute-admin-review.png", fullPage: true });
  await admin.getByRole("button", { name: "Resolve dispute" }).click();
  await confirmIn(admin, `Resolve ${dispute!.reference_id}?`, "Resolve");
  await expect(admin.getByTestId("dispute-status")).toHaveText("Resolved");
  await expect(admin.getByTestId("outcome").filter({ hasText: /^Refunded$/ })).toHaveCount(failing);

  // clara sees the refund live: exactly the failing segments, with their client fee (R7.3)
  const refund = refundForMinutes(await invoiceOf(contract), failing * 10);
  await expect(clara.getByTestId("dispute-status")).toHaveText("Resolved");
  await expect(clara.getByTestId("refunded-amount")).toHaveText(dollars(refund.refundCents));
  expect(refund.clientRefundTotalCents).toBeGreaterThan(0);
  await expect(clara.getByTestId("client-refund")).toHaveText(`${dollars(refund.clientRefundTotalCents)} was refunded to you (the disputed time and its client fee).`);
  await expect(clara.getByTestId("money-line").filter({ hasText: "refund" }).getByTestId("money-amount")).toHaveText(dollars(refund.clientRefundTotalCents));

  await clara.screenshot({ path: "test-results/screenshots/dispute-client-refunded.png", fullPage: true });

  // both ledgers, under the dispute's reference IDs (Transaction History's invoice page per reference ID)
  type Transfer = { transfer: { type: string; entries: Array<{ amountCents: string }> } };
  const claraSide = (await (await clara.request.get(`/api/ledger/transfers/${dispute!.reference_id}-F`)).json()) as Transfer;
  expect(claraSide.transfer.type).toBe("REFUND");
  expect(claraSide.transfer.entries.map((e) => Number(e.amountCents))).toEqual([refund.clientRefundTotalCents]);
  const fionaSide = (await (await fiona.request.get(`/api/ledger/transfers/${dispute!.reference_id}-F`)).json()) as Transfer;
  expect(fionaSide.transfer.entries.map((e) => Number(e.amountCents))).toEqual([-refund.freelancerDeductionCents]);
  await fiona.reload();
  await expect(fiona.getByTestId("money-line").filter({ hasText: "release" })).toHaveCount(2);

  // the resolution resumed the contract, and the admin's action is in the audit log
  await waitFor("the contract to resume", async () => (await query<{ status: string }>("SELECT status::text FROM contracts WHERE id = $1", [contract]))[0]?.status === "ACTIVE");
  await admin.goto("/admin");
  await expect(admin.getByTestId("audit-log")).toContainText("dispute.resolved");
  await expect(admin.getByTestId("audit-log")).toContainText("contract.resumed_after_dispute");
  await admin.goto(`/contracts/${contract}`);
  await expect(admin.getByTestId("contract-status")).toHaveText("active");
});

test("carl withdraws his dispute; farah's open page follows live and the time is paid as usual", async ({ browser }) => {
  const contract = await contractId("Support retainer");
  const [segment] = await billedSegments(contract, 10 * 6);
  expect(segment).toBeDefined();
  const carl = await as(browser, "carl", "/disputes");
  const filed = await carl.request.post("/api/disputes", { data: { contractId: contract, weekStart: "2024-06-03", segmentIds: [segment!.id], reason: "This ticket was never answered." } });
  expect(filed.status()).toBe(201);
  const { dispute } = (await filed.json()) as { dispute: { id: string; referenceId: string } };

  const farah = await as(browser, "farah", `/disputes/${dispute.id}`);
  await expect(farah.getByTestId("dispute-status")).toHaveText("Open");
  await expect(farah.getByRole("button", { name: "Accept and refund" })).toBeVisible();
  // the page speaks in words; rule numbers stay in the code
  await expect(farah.getByText("While the dispute is open the contract is paused, and the disputed money is held.")).toBeVisible();
  expect(await farah.locator("body").innerText()).not.toMatch(RULE_NUMBER);
  // the contract page says why it is paused, and offers no Resume while the dispute is open
  await carl.goto(`/contracts/${contract}`);
  await expect(carl.getByTestId("contract-status")).toHaveText("paused");
  await expect(carl.getByText("paused by a dispute")).toBeVisible();
  await expect(carl.getByRole("button", { name: "Resume" })).toHaveCount(0);
  // another client's dispute does not exist for clara
  const clara = await as(browser, "clara");
  expect((await clara.goto(`/disputes/${dispute.id}`))?.status()).toBe(404);
  expect((await clara.request.post(`/api/disputes/${dispute.id}/withdraw`)).status()).toBe(404);

  const farahDiary = await as(browser, "farah", `/diary?contract=${contract}&day=${segment!.day}&tz=utc`);
  const farahDiaryCell = farahDiary.locator(`[data-slot="${segment!.at}"]`);
  await expect(farahDiaryCell.getByTestId("dispute-status")).toHaveText("Disputed · open");
  await expect(farahDiary.getByTestId("diary-grid")).toHaveAttribute("aria-busy", "false");

  await carl.getByRole("link", { name: "Disputes of this contract" }).click();
  await carl.getByRole("link", { name: dispute.referenceId }).click();
  await carl.getByRole("button", { name: "Withdraw dispute" }).click();
  await confirmIn(carl, "Withdraw this dispute?", "Withdraw");
  await expect(carl.getByTestId("dispute-status")).toHaveText("Withdrawn");
  await expect(carl.getByTestId("client-refund")).toHaveText("Nothing was refunded: the disputed time was paid.");

  await expect(farah.getByTestId("dispute-status")).toHaveText("Withdrawn");
  await expect(farah.getByRole("button", { name: "Accept and refund" })).toHaveCount(0);
  await expect(farah.getByTestId("money-line").filter({ hasText: "refund" })).toHaveCount(0);
  await expect(farah.getByTestId("money-line").filter({ hasText: "release" })).toHaveCount(2);
  // each line's type by its label, as in Transaction History (not "hold" or HOLD)
  for (const type of await farah.getByTestId("money-line").locator("td:nth-child(3)").allInnerTexts()) expect(["Hold", "Release"]).toContain(type);
  // farah's Work Diary, open on the disputed segment's day, follows the withdrawal without a reload
  await expect(farahDiaryCell.getByTestId("dispute-status")).toHaveText("Dispute withdrawn");
  await carl.goto(`/contracts/${contract}`);
  await expect(carl.getByTestId("contract-status")).toHaveText("active");
});
