// Presence and typing when a conversation is opened from the Messages list (a
// client-side navigation with the realtime connection already up), not only
// when its link is opened directly.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "../fixtures";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

async function onTheList(browser: Browser, who: DemoUserKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const frames: string[] = [];
  page.on("websocket", (ws) => ws.on("framesent", (f) => frames.push(String(f.payload))));
  await signIn(page, who, "/messages");
  // The connection is up before the click (so the join starts at once on navigation).
  await expect.poll(() => frames.some((f) => f.includes("private-user-"))).toBe(true);
  return page;
}

async function openFromList(page: Page, contractTitle: string): Promise<void> {
  await page.getByTestId("conversation-item").filter({ hasText: contractTitle }).click();
  await expect(page).toHaveURL(/\/messages\/[^/]+$/);
  await expect(page.getByRole("log")).toBeVisible();
}

test("a conversation opened from the list shows the other side online and typing, both ways", async ({ browser }) => {
  const clara = await onTheList(browser, "clara");
  const fiona = await onTheList(browser, "fiona");
  await openFromList(clara, "Mobile app development");
  await openFromList(fiona, "Mobile app development");

  await expect(clara.getByTestId("presence")).toHaveAttribute("data-online", "true");
  await expect(fiona.getByTestId("presence")).toHaveAttribute("data-online", "true");
  await expect(clara.getByTestId("presence")).toContainText("Online now");

  await clara.getByLabel("Message", { exact: true }).pressSequentially("Are you there");
  await expect(fiona.getByTestId("typing-indicator")).toHaveText(/Clara Client is typing/);
  await fiona.getByLabel("Message", { exact: true }).pressSequentially("Yes");
  await expect(clara.getByTestId("typing-indicator")).toHaveText(/is typing/);

  await fiona.context().close();
  await expect(clara.getByTestId("presence")).toHaveAttribute("data-online", "false");
  await clara.context().close();
});
