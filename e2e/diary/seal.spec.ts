// R15.3 / R15.1 in the browser: the portal's keys at their well-known URL (public), the Work Diary's sealed
// week (when, by which published key, and that its chain verifies), the invoice page's seal, and the
// "signed" mark of manual time, signed by the portal's key.
import { expect, test } from "@playwright/test";
import { TODAY, contractId, goToDay, openDiary, query } from "./support";
import { signIn } from "../fixtures";

interface PortalKey {
  keyId: string;
  alg: string;
  publicKey: string;
  from: string;
  until: string | null;
}

async function portalKeys(request: import("@playwright/test").APIRequestContext): Promise<PortalKey[]> {
  // signed out: the keys are public, and the rewrite serves them at the well-known address
  const res = await request.get("/.well-known/hourglass-keys.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("public, max-age=300");
  return ((await res.json()) as { keys: PortalKey[] }).keys;
}

test("the client sees last week sealed by a published portal key and verifying, and the seal on its invoice", async ({ page, playwright, baseURL }) => {
  const signedOut = await playwright.request.newContext({ baseURL });
  const keys = await portalKeys(signedOut);
  await signedOut.dispose();
  expect(keys.length).toBeGreaterThan(0);
  const signing = keys.find((k) => k.until === null)!;
  expect(signing).toMatchObject({ alg: "Ed25519", keyId: expect.stringMatching(/^[0-9a-f]{32}$/) });

  // The seed closed and sealed the week of 3 June on Monday 10 June 12:00 (the e2e clock is Wed 12 June).
  const id = await contractId("Data cleanup");
  const [invoice] = await query<{ reference_id: string; seal_key_id: string; seal_head: string; seal_seq: number; sealed_at: Date }>(
    "SELECT reference_id, seal_key_id, seal_head, seal_seq, sealed_at FROM invoices WHERE contract_id = $1 AND week_start = '2024-06-03T00:00:00Z'",
    [id],
  );
  expect(invoice?.seal_key_id).toBe(signing.keyId);
  // the seed ran the close (and its seal) when it loaded, at the e2e clock's start
  const sealedAt = new Date(invoice!.sealed_at);
  const shown = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(sealedAt);

  await openDiary(page, "clara", "Data cleanup");
  await goToDay(page, "2024-06-07");
  const seal = page.getByTestId("week-seal");
  await expect(seal).toHaveAttribute("data-state", "sealed");
  await expect(seal).toHaveAttribute("data-verifies", "true");
  await expect(seal).toContainText(`Sealed ${shown} UTC by portal key ${signing.keyId.slice(0, 12)} in invoice ${invoice!.reference_id}`);
  await expect(seal).toContainText("the chain verifies");
  await expect(seal.getByTitle(signing.keyId)).toBeVisible();

  // this week is still open: sealed at its close
  await goToDay(page, TODAY);
  await expect(page.getByTestId("week-seal")).toHaveAttribute("data-state", "open");
  await expect(page.getByTestId("week-seal")).toHaveText("Sealed at the weekly close, Mon 17 Jun, 12:00 UTC.");

  await page.goto(`/reports/invoices/${invoice!.reference_id}`);
  await expect(page.getByTestId("invoice-seal")).toContainText(`Sealed ${sealedAt.toISOString().slice(0, 10)} ${sealedAt.toISOString().slice(11, 16)} UTC`);
  await expect(page.getByTestId("invoice-seal-key")).toHaveText(signing.keyId);
  await expect(page.getByTestId("invoice-seal-head")).toHaveText(invoice!.seal_head);
  await expect(page.getByTestId("invoice-seal")).toContainText(`record ${invoice!.seal_seq}`);
});

/**
 * A running contract of its own with manual time allowed: the demo's (Data cleanup) is paused by the
 * dispute another spec files on it, and a paused contract takes no manual time (R7.2).
 */
async function manualTimeContract(): Promise<string> {
  const title = "Seal check: manual time";
  const [existing] = await query<{ id: string }>("SELECT id::text FROM contracts WHERE title = $1", [title]);
  if (existing) return existing.id;
  const [row] = await query<{ id: string }>(
    `INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, manual_time_allowed, starts_at, accepted_at, created_by_id)
     SELECT gen_random_uuid(), $1, c.id, f.id, 'ACTIVE', 3000, true, '2024-05-06T00:00:00Z', '2024-05-06T00:00:00Z', c.id
     FROM users c, users f WHERE c.email = 'clara@hourglass.test' AND f.email = 'felix@hourglass.test'
     RETURNING id::text AS id`,
    [title],
  );
  // as every contract made by the portal has (lib/contracts/create-contract.ts)
  await query("INSERT INTO conversations (id, contract_id) VALUES (gen_random_uuid(), $1::uuid)", [row!.id]);
  return row!.id;
}

test("manual time shows it was signed by the portal's published key", async ({ page, playwright, baseURL }) => {
  const id = await manualTimeContract();
  const at = `${TODAY}T05:30:00.000Z`;
  await signIn(page, "felix", "/diary");
  const res = await page.request.post(`/api/diary/${id}/manual-time`, { data: { slotStarts: [at], memo: "Reading the import spec" } });
  expect(res.status(), await res.text()).toBe(201);
  const signedOut = await playwright.request.newContext({ baseURL });
  const signing = (await portalKeys(signedOut)).find((k) => k.until === null)!;
  await signedOut.dispose();

  await page.goto(`/diary?contract=${id}&day=${TODAY}&tz=utc&hours=all`);
  const cell = page.locator(`[data-slot="${at}"]`);
  await expect(cell).toHaveAttribute("data-kind", "MANUAL");
  await cell.click();
  await expect(page.getByTestId("segment-signature")).toHaveText(`✓ signed by the portal, key ${signing.keyId.slice(0, 12)}`);
  await expect(page.getByTestId("segment-signature").getByTitle(signing.keyId)).toBeVisible();
});
