// Audio calls in Messages (issue 19, R17.1) end to end: the client and the freelancer of one demo
// contract in two Chromium contexts with fake microphones, on the real build, the real realtime
// server and WebRTC on loopback. The e2e server rings 12 s (HOURGLASS_CALL_RING_SECONDS in scripts/e2e.ts).
// One browser and one sign-in per person for the whole file (beforeAll; a failed test restarts the worker,
// which signs in again); every test leaves no call live.
import { chromium, expect, test, type BrowserContext, type Page } from "@playwright/test";
import config from "../../playwright.config";
import { DEMO_USERS } from "../fixtures";
import {
  audioStats, banner, callAs, callButton, callState, conversationOf, endLiveCall, entriesOf, entryCounts, expectCallOver, expectOneNewEntry,
  inboundEnergyOver, openConversation, panel, signedInContext, startCall,
} from "./support";

const baseLaunch = config.use?.launchOptions ?? {};
const FAKE_DEVICES = "--use-fake-device-for-media-stream";
test.use({ launchOptions: { ...baseLaunch, args: [...(baseLaunch.args ?? []), FAKE_DEVICES, "--use-fake-ui-for-media-stream"] } });

const CLARA = DEMO_USERS.clara.name;
const FIONA = DEMO_USERS.fiona.name;
const FELIX = DEMO_USERS.felix.name;

let clara: Page; // on the Mobile app development conversation
let claraData: Page; // clara's second tab, on the Data cleanup conversation (felix sees her online there)
let fiona: Page; // on the Mobile app development conversation
let fionaHome: Page; // fiona's second tab, on her home page: incoming calls ring on any page
let felix: Page; // on the Data cleanup conversation
let mobile: { id: string; contractId: string };
let data: { id: string; contractId: string };
const contexts: BrowserContext[] = [];

test.beforeAll(async ({ browser }) => {
  const [claraContext, fionaContext, felixContext] = await Promise.all([signedInContext(browser, "clara"), signedInContext(browser, "fiona"), signedInContext(browser, "felix")]);
  contexts.push(claraContext, fionaContext, felixContext);
  mobile = await conversationOf(claraContext.request, "Mobile app development");
  data = await conversationOf(claraContext.request, "Data cleanup");
  [clara, claraData, fiona, fionaHome, felix] = await Promise.all([claraContext.newPage(), claraContext.newPage(), fionaContext.newPage(), fionaContext.newPage(), felixContext.newPage()]);
  await Promise.all([
    openConversation(clara, mobile.id),
    openConversation(fiona, mobile.id),
    openConversation(felix, data.id),
    openConversation(claraData, data.id),
    fionaHome.goto("/"),
  ]);
});

test.afterEach(async () => {
  for (const [page, name] of [[clara, CLARA], [fiona, FIONA], [felix, FELIX]] as const) if (page) await endLiveCall(page.request, name);
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
});

test("call, ring, accept: connected with audio both ways; mute silences it; hang up leaves one entry for both", async () => {
  const entriesBefore = await entryCounts(clara, fiona);
  const call = await startCall(clara);
  expect(call).toMatchObject({ status: "ringing", conversationId: mobile.id, caller: { name: CLARA }, callee: { name: FIONA } });
  await expect(callState(panel(clara, FIONA))).toHaveText(/^(Calling…|Ringing…)$/);

  // Both of fiona's tabs ring; she answers in the conversation's.
  await expect(banner(fiona)).toContainText(`${CLARA} is calling`);
  await expect(banner(fionaHome)).toContainText(`${CLARA} is calling`);
  await banner(fiona).getByRole("button", { name: "Accept" }).click();
  await expect(banner(fionaHome)).toHaveCount(0);

  await expect(callState(panel(clara, FIONA))).toHaveText("Connected");
  await expect(callState(panel(fiona, CLARA))).toHaveText("Connected");
  await expect(panel(clara, FIONA).getByTestId("call-timer")).toHaveText(/^\d+:\d\d$/);
  await expect(clara.getByRole("meter", { name: "Your microphone level" })).toBeVisible();
  expect(await callAs(fiona.request, call.id)).toMatchObject({ status: "active", calleeTab: await tabId(fiona) });

  // Audio flows both ways: each side's sent and received packets keep growing.
  for (const page of [clara, fiona]) {
    const first = await audioStats(page);
    expect(first, "window.__hourglassCall.pc").not.toBeNull();
    await expect
      .poll(async () => {
        const now = (await audioStats(page))!;
        return now.sent > first!.sent && now.received > first!.received;
      })
      .toBe(true);
  }

  // Mute stops clara's outgoing sound: fiona's inbound audio energy grows before, not after.
  await expect.poll(() => inboundEnergyOver(fiona, 1000)).toBeGreaterThan(0.01);
  await panel(clara, FIONA).getByRole("button", { name: "Mute", exact: true }).click();
  await expect(panel(clara, FIONA).getByRole("button", { name: "Unmute", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => inboundEnergyOver(fiona, 1000)).toBeLessThan(0.001);
  // fiona is not muted: clara still hears her.
  await expect.poll(() => inboundEnergyOver(clara, 1000)).toBeGreaterThan(0.01);

  // Signals are the call's two tabs' alone: another user is refused as if the call did not exist,
  // another tab of a party gets 409.
  const offer = { to: call.callerTab, kind: "offer", sdp: "v=0" };
  expect((await felix.request.post(`/api/calls/${call.id}/signal`, { data: { ...offer, tabId: "felix-tab-0001" } })).status()).toBe(404);
  expect((await fiona.request.post(`/api/calls/${call.id}/signal`, { data: { ...offer, tabId: "fiona-other-tab" } })).status()).toBe(409);

  await panel(clara, FIONA).getByRole("button", { name: "Hang up" }).click();
  await expectCallOver(clara);
  await expectCallOver(fiona);
  const ended = await callAs(clara.request, call.id);
  expect(ended).toMatchObject({ status: "ended", outcome: "completed" });

  // One entry, live in both message lists, and one message row for the call as each party reads it.
  await expectOneNewEntry([clara, fiona], entriesBefore, /Call · \d+:\d\d/);
  expect(await entriesOf(clara.request, mobile.id, call.id)).toBe(1);
  expect(await entriesOf(fiona.request, mobile.id, call.id)).toBe(1);
});

test("decline: fiona calls, clara declines, both lists show the declined call", async () => {
  const entriesBefore = await entryCounts(clara, fiona);
  const call = await startCall(fiona);
  await expect(banner(clara)).toContainText(`${FIONA} is calling`);
  await expect(banner(clara).getByRole("button", { name: "Mute ring" })).toBeVisible();
  await banner(clara).getByRole("button", { name: "Mute ring" }).click();
  await expect(banner(clara).getByRole("button", { name: "Unmute ring" })).toBeVisible();
  await banner(clara).getByRole("button", { name: "Decline" }).click();

  await expect(callState(panel(fiona, CLARA))).toHaveText("Declined");
  await expect(banner(clara)).toHaveCount(0);
  await expect(banner(claraData)).toHaveCount(0);
  expect(await callAs(clara.request, call.id)).toMatchObject({ status: "ended", outcome: "declined" });
  await expectOneNewEntry([clara, fiona], entriesBefore, "Declined call");
});

test("missed after the ring timeout; meanwhile a call to clara, busy in hers, gets busy", async () => {
  const entriesBefore = await entryCounts(clara, fiona);
  const busyBefore = await entryCounts(felix, claraData);
  const call = await startCall(clara);
  await expect(banner(fiona)).toBeVisible();

  // While clara's call rings, felix calls her on their own contract: busy, and no banner for her.
  await expect(callButton(felix)).toBeEnabled();
  const [busy] = await Promise.all([
    felix.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/conversations/${data.id}/calls`),
    callButton(felix).click(),
  ]);
  expect(busy.status()).toBe(409);
  expect(((await busy.json()) as { error: { code: string } }).error.code).toBe("busy");
  await expect(callState(panel(felix, CLARA))).toHaveText("Busy");
  await expectOneNewEntry([felix, claraData], busyBefore, "Busy");
  await expect(banner(claraData)).toHaveCount(0);

  // Nobody answers: 12 s of ringing on the e2e server, then missed on both sides.
  await expect(callState(panel(clara, FIONA))).toHaveText("No answer", { timeout: 25_000 });
  await expect(banner(fiona)).toHaveCount(0);
  await expect(banner(fionaHome)).toHaveCount(0);
  expect(await callAs(fiona.request, call.id)).toMatchObject({ status: "ended", outcome: "missed" });
  await expectOneNewEntry([clara, fiona], entriesBefore, "Missed call");
});

test("two tabs of the callee ring, answering in one stops the other; closing that tab ends the call for the caller within 10 s", async () => {
  const entriesBefore = await entryCounts(clara);
  const call = await startCall(clara);
  await expect(banner(fiona)).toBeVisible();
  await expect(banner(fionaHome)).toBeVisible();
  await banner(fionaHome).getByRole("button", { name: "Accept" }).click();
  await expect(banner(fiona)).toHaveCount(0);
  await expect(callState(panel(fionaHome, CLARA))).toHaveText("Connected");
  expect(await fiona.evaluate(() => Boolean(window.__hourglassCall?.pc))).toBe(false); // the other tab takes no part
  await expect(callState(panel(fionaHome, CLARA))).toHaveText("Connected");
  await expect(callState(panel(clara, FIONA))).toHaveText("Connected");
  expect((await callAs(clara.request, call.id)).calleeTab).toBe(await tabId(fionaHome));

  await fionaHome.close();
  await expectCallOver(clara, 10_000);
  expect(await callAs(clara.request, call.id)).toMatchObject({ status: "ended", outcome: "completed" });
  await expectOneNewEntry([clara], entriesBefore, /Call · \d+:\d\d/);
});

test("a denied microphone gets a clear message instead of a call", async () => {
  // A browser without fake-ui: the microphone permission is really asked for, and denied.
  const browser = await chromium.launch({ ...baseLaunch, args: [...(baseLaunch.args ?? []), FAKE_DEVICES] });
  try {
    const context = await signedInContext(browser, "clara");
    const page = await context.newPage();
    const origin = new URL(config.use?.baseURL ?? "").origin;
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfo } = await (await context.newCDPSession(page)).send("Target.getTargetInfo");
    await cdp.send("Browser.setPermission", { permission: { name: "microphone" }, setting: "denied", origin, browserContextId: targetInfo.browserContextId });
    await openConversation(page, mobile.id);
    await expect(callButton(page)).toBeEnabled();
    await callButton(page).click();
    await expect(page.getByRole("alert").filter({ hasText: /^Hourglass can't use your microphone/ })).toBeVisible();
    await expect(banner(fiona)).toHaveCount(0);
    await expect.poll(async () => ((await (await page.request.get("/api/calls/current")).json()) as { call: unknown }).call).toBeNull();
  } finally {
    await browser.close();
  }
});

test("an admin cannot join a call channel (403) and gets 404 on the calls API; a party can", async ({ browser }) => {
  const context = await signedInContext(browser, "admin");
  contexts.push(context);
  const admin = await context.newPage();
  await admin.goto("/verify"); // a light page of the portal (an API answer's CSP refuses fetch), for its fetch
  const call = await startCall(clara);
  const callId = call.id;
  const channel = `private-call-${mobile.contractId}`;
  const authorize = (page: Page) =>
    page.evaluate(
      async (channel_name) =>
        (await fetch("/api/realtime/auth", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ socket_id: "1234.5678", channel_name }) })).status,
      channel,
    );
  expect(await authorize(admin)).toBe(403);
  expect(await authorize(felix)).toBe(403);
  expect(await authorize(clara)).toBe(200);

  expect((await admin.request.get(`/api/calls/${callId}`)).status()).toBe(404);
  const tab = { tabId: "admin-tab-0001" };
  for (const action of ["accept", "decline", "hangup", "heartbeat"]) {
    expect((await admin.request.post(`/api/calls/${callId}/${action}`, { data: tab })).status(), action).toBe(404);
  }
  expect((await admin.request.post(`/api/calls/${callId}/signal`, { data: { ...tab, to: call.callerTab, kind: "offer", sdp: "v=0" } })).status()).toBe(404);
  expect((await admin.request.post(`/api/conversations/${mobile.id}/calls`, { data: tab })).status()).toBe(404);
  expect((await felix.request.get(`/api/calls/${callId}`)).status()).toBe(404);
  expect((await clara.request.get(`/api/calls/${callId}`)).status()).toBe(200);
  expect((await callAs(fiona.request, callId)).status).toBe("ringing"); // nothing the admin sent touched it
});

function tabId(page: Page): Promise<string | null> {
  return page.evaluate(() => sessionStorage.getItem("hourglass-tab-id"));
}
