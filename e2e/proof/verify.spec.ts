// R15.4 end to end: a client downloads a sealed week's proof bundle from the Work Diary (and finds the
// same bundle on the week's invoice), checks it on "Verify a bundle" (read in the browser, never
// uploaded) and the page says it holds; after a segment's row is changed straight in the database, a
// new bundle is named with that slot. Bad files get a clear message. The demo's week of 3 June 2024 is
// closed and sealed by the seed (e2e clock: Wed 12 June).
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { writeZip } from "../../verifier/src/zip";
import { signIn } from "../fixtures";
import { contractId, query } from "../diary/support";

const WEEK = "2024-06-03";
const TITLE = "Mobile app development";

async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const raw = atob(b64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: "application/zip" }));
      return transfer;
    },
    { name, b64: bytes.toString("base64") },
  );
  await page.getByTestId("bundle-drop").dispatchEvent("drop", { dataTransfer });
}

/** Opens /verify, checks `bytes` there and returns the requests the page sent meanwhile (none may carry the file). */
async function verifyOnPage(page: Page, name: string, bytes: Buffer, how: "drop" | "choose"): Promise<string[]> {
  await page.goto("/verify");
  await expect(page.getByRole("heading", { name: "Verify a proof bundle" })).toBeVisible();
  const sent: string[] = [];
  // the page's own small requests (realtime auth of a signed-in page) are fine; a body the size of a bundle is not
  page.on("request", (r) => {
    const size = r.postDataBuffer()?.length ?? 0;
    if (size >= Math.min(bytes.length, 10_000)) sent.push(`${r.method()} ${r.url()} (${size} bytes)`);
  });
  if (how === "drop") await dropFile(page, name, bytes);
  else {
    const file = path.join(tmpdir(), name);
    writeFileSync(file, bytes);
    await page.getByLabel("Proof bundle").setInputFiles(file);
  }
  await expect(page.getByTestId("verify-result")).toBeVisible({ timeout: 30_000 });
  return sent;
}

test.describe("proof bundles (R15.4)", () => {
  test("a client downloads a sealed week from the Work Diary, the verify page says it holds, then names a slot changed in the database", async ({ page }) => {
    test.setTimeout(120_000);
    const contract = await contractId(TITLE);
    const [sealed] = await query<{ reference_id: string }>("SELECT reference_id FROM invoices WHERE contract_id = $1 AND week_start = $2 AND sealed_at IS NOT NULL", [contract, `${WEEK}T00:00:00Z`]);
    expect(sealed, "the seed sealed the week of 3 June").toBeTruthy();
    const [victim] = await query<{ id: string; slot: string; memo: string }>(
      `SELECT s.id::text, to_char(s.slot_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS slot, s.memo FROM segments s JOIN screenshots sc ON sc.segment_id = s.id
       WHERE s.contract_id = $1 AND s.deleted_at IS NULL AND s.slot_start >= $2 AND s.slot_start < $2::timestamptz + interval '7 days' ORDER BY s.slot_start LIMIT 1`,
      [contract, `${WEEK}T00:00:00Z`],
    );
    expect(victim, "the sealed week has a tracked segment").toBeTruthy();

    // the Work Diary's week offers the bundle
    await signIn(page, "clara", `/diary?contract=${contract}&day=${victim!.slot.slice(0, 10)}`);
    await expect(page.getByTestId("diary-grid")).toHaveAttribute("aria-busy", "false");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-proof").click()]);
    expect(download.suggestedFilename()).toBe(`proof-${contract}-${WEEK}.zip`);
    const bundle = readFileSync(await download.path());

    const sent = await verifyOnPage(page, download.suggestedFilename(), bundle, "choose");
    await expect(page.getByTestId("verify-result")).toHaveAttribute("data-status", "holds");
    await expect(page.getByTestId("verify-result")).toContainText("The bundle holds");
    await expect(page.getByTestId("verify-result")).toContainText("against this portal's published keys");
    expect(sent, "the bundle is checked in the browser, never uploaded").toEqual([]);

    // the invoice of that week offers the same bundle
    await page.goto(`/reports/invoices/${encodeURIComponent(sealed!.reference_id)}`);
    const fromInvoice = page.getByRole("link", { name: "Download proof" });
    await expect(fromInvoice).toHaveAttribute("href", `/api/proof/${contract}/${WEEK}`);
    const [again] = await Promise.all([page.waitForEvent("download"), fromInvoice.click()]);
    expect(again.suggestedFilename()).toBe(`proof-${contract}-${WEEK}.zip`);

    // someone with database access changes a sealed segment's memo
    await query("UPDATE segments SET memo = 'Changed after the seal' WHERE id = $1", [victim!.id]);
    try {
      const res = await page.request.get(`/api/proof/${contract}/${WEEK}`);
      expect(res.status()).toBe(200);
      await verifyOnPage(page, "tampered.zip", await res.body(), "drop");
      await expect(page.getByTestId("verify-result")).toHaveAttribute("data-status", "problems");
      await expect(page.getByTestId("verify-result")).toContainText("does NOT hold");
      const row = page.getByTestId("verify-problem").filter({ hasText: "behind the chain's back" });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(`${victim!.slot.replace("T", " ")} UTC`);
      await expect(row).toContainText("Changed after the seal");
    } finally {
      await query("UPDATE segments SET memo = $2 WHERE id = $1", [victim!.id, victim!.memo]);
    }

    // bad files: a clear message, never a crash
    await verifyOnPage(page, "notes.zip", Buffer.from("these are not the bundles you are looking for"), "drop");
    await expect(page.getByTestId("verify-result")).toHaveAttribute("data-status", "unreadable");
    await expect(page.getByTestId("verify-result")).toContainText("The bundle cannot be read: this is not a zip file.");
    await verifyOnPage(page, "cut.zip", bundle.subarray(0, Math.floor(bundle.length / 2)), "drop");
    await expect(page.getByTestId("verify-result")).toContainText("The bundle cannot be read: the zip file is truncated");
  });

  test("the verify page is public and refuses a zip bomb without inflating it", async ({ page }) => {
    // 64 MiB of zeros deflate ~1000x: the central directory declares it, and the page refuses before inflating
    const bomb = await writeZip([{ name: "records.jsonl", bytes: new Uint8Array(64 << 20), deflate: true }]);
    expect(bomb.length).toBeLessThan(200_000);
    await verifyOnPage(page, "bomb.zip", Buffer.from(bomb), "drop");
    await expect(page).toHaveURL(/\/verify$/); // signed out, not sent to sign-in
    await expect(page.getByTestId("verify-result")).toHaveAttribute("data-status", "unreadable");
    await expect(page.getByTestId("verify-result")).toContainText("zip bomb");
  });
});
