// An admin reviewing a dispute reads the contract's conversation on the dispute's page, read-only,
// in real Chromium; the parties see no such panel there (they have Messages), and the admin's
// Messages API reads stop at contracts without a dispute. The dispute is filed and withdrawn here.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "../fixtures";
import { contractId, query } from "../diary/support";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

async function as(browser: Browser, who: DemoUserKey, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, path);
  return page;
}

test("the admin reads the disputed contract's conversation on the dispute page, without posting or reading receipts; parties see no panel there", async ({ browser }) => {
  const contract = await contractId("Mobile app development");
  const [segment] = await query<{ id: string }>(
    `SELECT s.id::text AS id FROM segments s WHERE s.contract_id = $1 AND s.deleted_at IS NULL AND s.kind = 'TRACKED'
       AND s.slot_start >= '2024-06-03' AND s.slot_start < '2024-06-10'
       AND NOT EXISTS (SELECT 1 FROM dispute_segments ds WHERE ds.segment_id = s.id) ORDER BY s.slot_start LIMIT 1`, // the week's first: within its 20 h limit, so billed
    [contract],
  );
  const clara = await as(browser, "clara");
  const filed = await clara.request.post("/api/disputes", { data: { contractId: contract, weekStart: "2024-06-03", segmentIds: [segment!.id], reason: "Filed to test the admin's review." } });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id } = ((await filed.json()) as { dispute: { id: string } }).dispute;
  try {
    const reads = () => query<{ user_id: string; last_read_at: Date }>("SELECT c.user_id::text, c.last_read_at FROM conversation_reads c JOIN conversations v ON v.id = c.conversation_id WHERE v.contract_id = $1 ORDER BY 1", [contract]);
    const readsBefore = await reads();

    const admin = await as(browser, "admin", `/disputes/${id}`);
    const panel = admin.getByTestId("dispute-conversation");
    await expect(panel.getByRole("heading", { name: "Conversation" })).toBeVisible();
    await expect(panel).toContainText("Read-only");
    await expect(panel.getByTestId("dispute-message").filter({ hasText: "Welcome aboard!" })).toContainText("Clara Client (client)");
    await expect(panel.getByRole("textbox")).toHaveCount(0);
    await expect(panel.getByRole("button", { name: "Send" })).toHaveCount(0);
    expect(await reads()).toEqual(readsBefore);

    // Through the API too: a disputed contract's conversation reads, another does not, nothing posts.
    const mine = (await (await admin.request.get("/api/conversations")).json()) as { conversations: Array<{ id: string; contractTitle: string }> };
    const titles = mine.conversations.map((c) => c.contractTitle);
    expect(titles).toContain("Mobile app development");
    expect(titles).not.toContain("Logo refresh");
    const disputed = mine.conversations.find((c) => c.contractTitle === "Mobile app development")!;
    expect((await admin.request.post(`/api/conversations/${disputed.id}/messages`, { data: { body: "admin", clientId: "admin-post-0001" } })).status()).toBe(403);
    const [logo] = await query<{ id: string }>("SELECT v.id::text FROM conversations v JOIN contracts c ON c.id = v.contract_id WHERE c.title = 'Logo refresh'");
    const logoId = logo!.id;
    expect((await admin.request.get(`/api/conversations/${logoId}/messages`)).status()).toBe(404);
    await admin.context().close();

    // The parties open the same dispute page and get no conversation panel on it.
    for (const who of ["clara", "fiona"] as const) {
      const page = who === "clara" ? clara : await as(browser, who);
      await page.goto(`/disputes/${id}`);
      await expect(page.getByRole("heading", { name: /^Dispute / })).toBeVisible();
      await expect(page.getByTestId("dispute-conversation")).toHaveCount(0);
      if (page !== clara) await page.context().close();
    }
  } finally {
    expect((await clara.request.post(`/api/disputes/${id}/withdraw`)).status()).toBe(200);
    await clara.context().close();
  }
});
