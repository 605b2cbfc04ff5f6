// Messages end to end: two browsers (client and freelancer) on the real build,
// the real realtime server (started by scripts/e2e.ts) and the demo seed.
import { expect, test, type Browser, type Page } from "@playwright/test";
import PusherJs from "pusher-js";
import type { ChannelAuthorizationHandler } from "pusher-js";
import { signIn } from "../fixtures";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

// 24x16 PNG
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIElEQVQ4jWMwTjtDFcQwapDxaBgZj6ajtNEskkZ+OgAAApsXn4jH2hsAAAAASUVORK5CYII=",
  "base64",
);

async function signedIn(browser: Browser, who: DemoUserKey, path = "/messages", viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await signIn(page, who, path);
  return page;
}

async function openConversation(page: Page, contractTitle: string): Promise<void> {
  await page.getByTestId("conversation-item").filter({ hasText: contractTitle }).click();
  await expect(page.getByRole("heading", { level: 2 })).toBeVisible();
  await expect(page.getByRole("log")).toBeVisible();
}

async function conversationOf(page: Page, contractTitle: string): Promise<{ id: string; contractId: string }> {
  const body = (await (await page.request.get("/api/conversations")).json()) as { conversations: Array<{ id: string; contractId: string; contractTitle: string }> };
  const found = body.conversations.find((c) => c.contractTitle === contractTitle);
  if (!found) throw new Error(`no conversation for ${contractTitle}`);
  return found;
}

test("a message and an attachment arrive live on the other side, with the typing indicator, the online dot and Seen", async ({ browser }) => {
  const clara = await signedIn(browser, "clara");
  const fiona = await signedIn(browser, "fiona");
  await openConversation(clara, "Mobile app development");
  await openConversation(fiona, "Mobile app development");

  // Presence: each sees the other online.
  await expect(fiona.getByTestId("presence")).toHaveAttribute("data-online", "true");
  await expect(fiona.getByTestId("online-dot")).toBeVisible();
  await expect(clara.getByTestId("online-dot")).toBeVisible();

  // Typing, by keyboard, with an emoji from the picker.
  const composer = clara.getByLabel("Message", { exact: true });
  await composer.click();
  await clara.keyboard.type("Hello Fiona, the login screen looks great ");
  await expect(fiona.getByTestId("typing-indicator")).toHaveText(/Clara Client is typing/);
  await clara.getByRole("button", { name: "Add emoji" }).press("Enter");
  await expect(clara.getByRole("dialog", { name: "Emoji" })).toBeVisible();
  await clara.keyboard.press("ArrowRight");
  await clara.keyboard.press("Enter");
  await expect(clara.getByRole("dialog", { name: "Emoji" })).toHaveCount(0);
  await expect(composer).toHaveValue("Hello Fiona, the login screen looks great 😂");
  await expect(composer).toBeFocused();
  await clara.keyboard.press("Enter");

  const fionaLog = fiona.getByRole("log");
  await expect(fionaLog.getByText("Hello Fiona, the login screen looks great 😂")).toBeVisible();
  await expect(fiona.getByTestId("typing-indicator")).toHaveText("");
  await expect(composer).toHaveValue("");

  // An attachment (a screenshot and a text file), sent without a body.
  await clara.getByTestId("attach-input").setInputFiles([
    { name: "login-screen.png", mimeType: "image/png", buffer: PNG },
    { name: "steps.txt", mimeType: "text/plain", buffer: Buffer.from("1. open the app\n2. sign in\n") },
  ]);
  await expect(clara.getByRole("list", { name: "Attachments to send" })).toContainText("login-screen.png");
  await clara.getByRole("button", { name: "Send" }).click();

  const image = fionaLog.getByRole("img", { name: "login-screen.jpg" });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(24);
  const textLink = fionaLog.getByRole("link", { name: /steps\.txt/ });
  await expect(textLink).toBeVisible();
  const download = await fiona.request.get((await textLink.getAttribute("href")) as string);
  expect(download.status()).toBe(200);
  expect(download.headers()["cache-control"]).toMatch(/^private/);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
  expect(await download.text()).toBe("1. open the app\n2. sign in\n");

  // Read state: Fiona's open, visible thread marks it read; Clara sees "Seen".
  await expect(clara.getByTestId("seen")).toBeVisible();
  await expect(clara.getByTestId("seen")).toHaveCount(1);

  await clara.screenshot({ path: "test-results/screenshots/messages-desktop.png" });

  // Offline dot once Fiona leaves.
  await fiona.context().close();
  await expect(clara.getByTestId("presence")).toHaveAttribute("data-online", "false");
  await clara.context().close();
});

test("a message sent while the other side is offline is waiting when they come back, and the badge follows live", async ({ browser }) => {
  const clara = await signedIn(browser, "clara");
  await openConversation(clara, "Data cleanup");

  // Felix looks once, then goes offline.
  const felixFirst = await signedIn(browser, "felix", "/");
  const badge = felixFirst.getByTestId("unread-badge");
  const before = (await badge.count()) ? parseInt(await badge.innerText(), 10) : 0;
  await felixFirst.context().close();

  await clara.getByLabel("Message", { exact: true }).fill("Felix, the address file is ready for you");
  await clara.keyboard.press("Enter");
  await expect(clara.getByRole("log").getByText("Felix, the address file is ready for you")).toBeVisible();
  await expect(clara.getByTestId("pending-message")).toHaveCount(0);

  const felix = await signedIn(browser, "felix", "/");
  await expect(felix.getByTestId("unread-badge")).toHaveText(new RegExp(`^${before + 1}\\b`));

  // Live, without a reload: another message bumps the badge on the page he is on.
  await clara.getByLabel("Message", { exact: true }).fill("And the phone numbers too");
  await clara.keyboard.press("Enter");
  await expect(felix.getByTestId("unread-badge")).toHaveText(new RegExp(`^${before + 2}\\b`));

  await felix.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Messages" }).click();
  const item = felix.getByTestId("conversation-item").filter({ hasText: "Data cleanup" });
  await expect(item).toContainText("And the phone numbers too");
  await expect(item.getByTestId("conversation-unread")).toHaveText(new RegExp(`^\\D*${before + 2}\\D`));
  await item.click();
  await expect(felix.getByRole("log").getByText("Felix, the address file is ready for you")).toBeVisible();
  await expect(felix.getByTestId("new-messages-line")).toBeVisible();
  // Reading clears the badge and the count.
  await expect(felix.getByTestId("unread-badge")).toHaveCount(0);
  await expect(felix.getByTestId("conversation-item").filter({ hasText: "Data cleanup" }).getByTestId("conversation-unread")).toHaveCount(0);
  await clara.context().close();
  await felix.context().close();
});

test("an outsider's subscription to the contract's channel is refused, and its messages are 404", async ({ browser }) => {
  const fiona = await signedIn(browser, "fiona");
  const farah = await signedIn(browser, "farah");
  const { id: conversationId, contractId } = await conversationOf(fiona, "Mobile app development");
  const port = Number(process.env.REALTIME_PORT);
  const key = process.env.PUSHER_KEY as string;
  expect(port).toBeGreaterThan(0);

  // pusher-js, authorized through the portal's auth route with each user's session.
  const authorizedAs = (page: Page): ChannelAuthorizationHandler => ({ socketId, channelName }, callback) => {
    page.request.post("/api/realtime/auth", { data: { socket_id: socketId, channel_name: channelName } }).then(
      async (res) => (res.ok() ? callback(null, await res.json()) : callback(Object.assign(new Error(`auth ${res.status()}`), { status: res.status() }), null)),
      (error: Error) => callback(error, null),
    );
  };
  const client = (authorize: ChannelAuthorizationHandler) =>
    new PusherJs(key, { cluster: "self-hosted", wsHost: "127.0.0.1", wsPort: port, wssPort: port, forceTLS: false, enabledTransports: ["ws", "wss"], disableStats: true, channelAuthorization: { customHandler: authorize } });
  const attempt = (pusher: PusherJs, channel: string) =>
    new Promise<string>((resolve) => {
      const ch = pusher.subscribe(channel);
      ch.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
      ch.bind("pusher:subscription_error", (e: { status?: number; error?: string }) => resolve(`refused ${e.status ?? e.error ?? ""}`.trim()));
    });

  const outsider = client(authorizedAs(farah));
  const member = client(authorizedAs(fiona));
  const forger = client((_p, callback) => callback(null, { auth: `${key}:${"0".repeat(64)}` }));
  try {
    expect(await attempt(member, `presence-contract-${contractId}`)).toBe("subscribed"); // the same path works for a participant
    expect(await attempt(outsider, `presence-contract-${contractId}`)).toMatch(/^refused/);
    expect(await attempt(outsider, `private-contract-${contractId}`)).toMatch(/^refused/);
    const auth = await farah.request.post("/api/realtime/auth", { data: { socket_id: "1.1", channel_name: `private-contract-${contractId}` } });
    expect(auth.status()).toBe(403);
    // A forged signature is refused by the realtime server itself.
    expect(await attempt(forger, `private-contract-${contractId}`)).toMatch(/^refused/);
  } finally {
    for (const p of [outsider, member, forger]) p.disconnect();
  }

  expect((await farah.request.get(`/api/conversations/${conversationId}/messages`)).status()).toBe(404);
  expect((await farah.request.post(`/api/conversations/${conversationId}/messages`, { data: { body: "hi", clientId: "outsider-0001" } })).status()).toBe(404);
  expect((await farah.goto(`/messages/${conversationId}`))?.status()).toBe(404);
  await fiona.context().close();
  await farah.context().close();
});

test("a send whose answer was lost is retried once, and stored once", async ({ browser }) => {
  const carl = await signedIn(browser, "carl");
  await openConversation(carl, "Support retainer");
  // The first attempt reaches the server but its answer is lost on the way back.
  let lost = false;
  await carl.route("**/api/conversations/*/messages", async (route) => {
    if (route.request().method() !== "POST" || lost) return route.fallback();
    lost = true;
    await route.fetch();
    await route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "Bad gateway" } }) });
  });
  await carl.getByLabel("Message", { exact: true }).fill("Please send the weekly report");
  await carl.keyboard.press("Enter");
  await expect(carl.getByTestId("pending-message")).toContainText("Not sent");
  await carl.getByTestId("pending-message").getByRole("button", { name: "Retry" }).click();
  await expect(carl.getByTestId("pending-message")).toHaveCount(0);
  await carl.reload();
  await expect(carl.getByRole("log").getByText("Please send the weekly report")).toHaveCount(1);
  await carl.context().close();
});

test("works on a phone: list, then the conversation with the composer in view, and back", async ({ browser }) => {
  const fiona = await signedIn(browser, "fiona", "/messages", { width: 390, height: 844 });
  await expect(fiona.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await openConversation(fiona, "Logo refresh");
  await expect(fiona.getByRole("navigation", { name: "Conversations" })).toBeHidden();
  const composer = fiona.getByLabel("Message", { exact: true });
  await expect(composer).toBeInViewport();
  await composer.fill("Sent from my phone");
  await fiona.getByRole("button", { name: "Send" }).click();
  await expect(fiona.getByRole("log").getByText("Sent from my phone")).toBeInViewport();
  expect(await fiona.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await fiona.screenshot({ path: "test-results/screenshots/messages-phone.png" });
  await fiona.getByRole("link", { name: "All conversations" }).click();
  await expect(fiona.getByTestId("conversation-item").filter({ hasText: "Logo refresh" })).toContainText("You: Sent from my phone");
  await fiona.context().close();
});

test("long history is paged: the newest 30 first, earlier ones on request, up to the start", async ({ browser }) => {
  const carl = await signedIn(browser, "carl", "/");
  const { id } = await conversationOf(carl, "Support retainer");
  for (let i = 1; i <= 35; i++) {
    const res = await carl.request.post(`/api/conversations/${id}/messages`, { data: { body: `History item ${i}`, clientId: `history-item-${i.toString().padStart(3, "0")}` } });
    expect(res.status()).toBe(201);
  }
  const farah = await signedIn(browser, "farah");
  await openConversation(farah, "Support retainer");
  const log = farah.getByRole("log");
  await expect(log.getByText("History item 35", { exact: true })).toBeVisible();
  await expect(log.getByText("History item 1", { exact: true })).toHaveCount(0);
  await expect(farah.getByText("This is the start of the conversation.")).toHaveCount(0);
  const older = farah.getByRole("button", { name: "Load earlier messages" });
  await older.focus();
  await farah.keyboard.press("Enter");
  await expect(log.getByText("History item 1", { exact: true })).toBeAttached();
  await expect(farah.getByText("This is the start of the conversation.")).toBeAttached();
  await expect(older).toHaveCount(0);
  // Every message once, in order.
  const bodies = await log.getByTestId("message").allInnerTexts();
  const items = bodies.map((t) => /History item (\d+)/.exec(t)?.[1]).filter(Boolean).map(Number);
  expect(items).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  await carl.context().close();
  await farah.context().close();
});
