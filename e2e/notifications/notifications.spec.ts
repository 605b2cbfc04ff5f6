// R16.4 in real Chromium: the header's bell counts the unread notifications and follows live when
// the other side's action creates one; the centre lists them with links to their objects and marks
// them read; Settings › Notifications switches a kind off in the portal or by email. carl offers
// felix contracts of their own (as e2e/contracts/offers.spec.ts does), so the seeded ones stay as they are.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn, streamedIn } from "../fixtures";
import { query } from "../diary/support";
import { waitForMail } from "../support/mail";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

const FELIX = "felix@hourglass.test";

async function as(browser: Browser, who: DemoUserKey, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, path);
  return page;
}

/** carl offers felix a contract and felix accepts it, through the API; returns its id. */
async function runningContract(carl: Page, felix: Page, title: string): Promise<string> {
  const res = await carl.request.post("/api/contracts", { data: { title, freelancerEmail: FELIX, hourlyRateCents: 3000, weeklyLimitHours: 10 } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect((await felix.request.post(`/api/contracts/${id}/accept`)).status()).toBe(200);
  return id;
}

async function unreadOf(email: string): Promise<number> {
  const [row] = await query<{ n: number }>("SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = $1 AND n.read_at IS NULL", [email]);
  return row!.n;
}

const bell = (page: Page) => page.getByTestId("notification-bell");

test("the bell counts unread notifications and updates live; the centre links to the object and marks read", async ({ browser }) => {
  const carl = await as(browser, "carl");
  const felix = await as(browser, "felix");
  const title = `Bell ${Date.now()}`;
  const id = await runningContract(carl, felix, title);
  // the offer's email reached the catcher, with a link to the contract
  const mail = await waitForMail({ to: FELIX, subject: `New offer: ${title}` });
  expect(mail.text).toContain(`/contracts/${id}`);
  try {
    await felix.goto("/");
    const before = await unreadOf(FELIX);
    expect(before).toBeGreaterThan(0); // the offer at least
    await expect(bell(felix)).toHaveAccessibleName(`Notifications, ${before} unread`);
    await expect(felix.getByTestId("notification-count")).toHaveText(String(before));

    // carl pauses it: felix's open page counts one more, without a reload
    expect((await carl.request.post(`/api/contracts/${id}/pause`)).status()).toBe(200);
    await expect(bell(felix)).toHaveAccessibleName(`Notifications, ${before + 1} unread`);

    await bell(felix).click();
    await expect(felix).toHaveURL(/\/notifications$/);
    const paused = felix.getByTestId("notification").filter({ hasText: `Contract paused: ${title}` });
    await expect(paused).toHaveAttribute("data-read", "false");
    await expect(paused).toContainText(`Carl Client paused “${title}”`);
    await paused.getByRole("link", { name: new RegExp(`Contract paused: ${title}`) }).click();
    await expect(felix).toHaveURL(new RegExp(`/contracts/${id}$`));
    await expect(bell(felix)).toHaveAccessibleName(`Notifications, ${before} unread`);

    await felix.goto("/notifications");
    await expect(paused).toHaveAttribute("data-read", "true");
    await paused.getByRole("button", { name: /Mark as unread/ }).click();
    await expect(paused).toHaveAttribute("data-read", "false");
    await expect(bell(felix)).toHaveAccessibleName(`Notifications, ${before + 1} unread`);
    await felix.getByRole("button", { name: "Mark all as read" }).click();
    await expect(felix.getByTestId("notifications-unread")).toHaveText("All caught up.");
    await expect(bell(felix)).toHaveAccessibleName("Notifications");
    await expect(felix.getByTestId("notification-count")).toHaveCount(0);
    expect(await unreadOf(FELIX)).toBe(0);
  } finally {
    await carl.request.post(`/api/contracts/${id}/end`);
    await carl.context().close();
    await felix.context().close();
  }
});

test("Settings › Notifications: a kind switched off by email still shows in the bell; switched off in the portal, it is emailed only", async ({ browser }) => {
  const carl = await as(browser, "carl");
  const felix = await as(browser, "felix", "/settings/notifications");
  const id = await runningContract(carl, felix, `Switches ${Date.now()}`);
  const sw = (name: string) => felix.getByRole("switch", { name });
  const count = async (kind: string, table: "notifications" | "email_outbox") =>
    (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} t JOIN users u ON u.id = t.user_id WHERE u.email = $1 AND t.kind::text = $2`, [FELIX, kind]))[0]!.n;
  try {
    await expect(felix.getByRole("heading", { name: "Settings › Notifications" })).toBeVisible();
    await expect(sw("Contract paused by email")).toBeChecked();
    await sw("Contract paused by email").click();
    await expect(felix.getByRole("status")).toHaveText("Saved.");
    await sw("Contract resumed in the portal").click();
    await expect(sw("Contract resumed in the portal")).not.toBeChecked();
    await felix.reload();
    await expect(sw("Contract paused by email")).not.toBeChecked();
    await expect(sw("Contract paused in the portal")).toBeChecked();
    await expect(sw("Contract resumed in the portal")).not.toBeChecked();
    await expect(sw("Contract resumed by email")).toBeChecked();

    const [pausedNotes, pausedMails, resumedNotes, resumedMails] = await Promise.all([
      count("contract_paused", "notifications"), count("contract_paused", "email_outbox"), count("contract_resumed", "notifications"), count("contract_resumed", "email_outbox"),
    ]);
    expect((await carl.request.post(`/api/contracts/${id}/pause`)).status()).toBe(200);
    expect((await carl.request.post(`/api/contracts/${id}/resume`)).status()).toBe(200);
    expect(await count("contract_paused", "notifications")).toBe(pausedNotes + 1);
    expect(await count("contract_paused", "email_outbox")).toBe(pausedMails);
    expect(await count("contract_resumed", "notifications")).toBe(resumedNotes);
    expect(await count("contract_resumed", "email_outbox")).toBe(resumedMails + 1);
  } finally {
    await felix.request.put("/api/notifications/preferences", { data: { kind: "contract_paused", email: true } });
    await felix.request.put("/api/notifications/preferences", { data: { kind: "contract_resumed", inApp: true } });
    await carl.request.post(`/api/contracts/${id}/end`);
    await carl.context().close();
    await felix.context().close();
  }
});

test("the centre and Settings › Notifications have no serious accessibility violations (axe, WCAG 2.1 AA), for a client and a freelancer", async ({ browser }) => {
  for (const who of ["clara", "fiona"] as const) {
    const page = await as(browser, who);
    for (const path of ["/notifications", "/settings/notifications"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await streamedIn(page);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
    await page.context().close();
  }
});
