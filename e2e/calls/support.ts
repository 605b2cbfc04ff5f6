// Helpers of the audio call specs (issue 19, R17.1): the call panel and banner as the user sees them,
// the call's own RTCPeerConnection through the test hook window.__hourglassCall, and the calls API.
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "../fixtures";

/** What a call is as the API returns it (CallView in lib/calls). */
export interface CallJson {
  id: string;
  conversationId: string;
  contractId: string;
  status: "ringing" | "active" | "ended";
  outcome: string | null;
  caller: { id: string; name: string };
  callee: { id: string; name: string };
  callerTab: string;
  calleeTab: string | null;
}

interface ConversationJson {
  id: string;
  contractId: string;
  contractTitle: string;
}

/**
 * A browser context signed in through POST /api/session, as the sign-in form does (the form itself is
 * tested in e2e/auth): a page load less per person, which counts on this file's budget.
 */
export async function signedInContext(browser: Browser, who: DemoUserKey): Promise<BrowserContext> {
  const context = await browser.newContext();
  const res = await context.request.post("/api/session", { data: { email: DEMO_USERS[who].email, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

export async function conversationOf(request: APIRequestContext, contractTitle: string): Promise<ConversationJson> {
  const body = (await (await request.get("/api/conversations")).json()) as { conversations: ConversationJson[] };
  const found = body.conversations.find((c) => c.contractTitle === contractTitle);
  if (!found) throw new Error(`no conversation for ${contractTitle}`);
  return found;
}

/** The page's conversation is open: its message list is there and the other party's presence is known. */
export async function openConversation(page: Page, conversationId: string): Promise<void> {
  await page.goto(`/messages/${conversationId}`);
  await expect(page.getByRole("log")).toBeVisible();
}

export const callButton = (page: Page) => page.getByRole("button", { name: /^Call / });
export const banner = (page: Page) => page.getByRole("alertdialog", { name: "Incoming call" });
export const panel = (page: Page, otherName: string) => page.getByRole("region", { name: `Call with ${otherName}` });
export const callState = (scope: Page | Locator) => scope.getByTestId("call-state");
export const callEntries = (page: Page) => page.getByRole("log").getByTestId("call-entry");

/** How many call entries each page's message list shows now. */
export function entryCounts(...pages: Page[]): Promise<number[]> {
  return Promise.all(pages.map((page) => callEntries(page).count()));
}

/** Each page's message list shows, live, exactly one call entry more than `before`: the newest, reading `text`. */
export async function expectOneNewEntry(pages: Page[], before: number[], text: string | RegExp): Promise<void> {
  for (const [i, page] of pages.entries()) {
    await expect(callEntries(page)).toHaveCount(before[i]! + 1);
    await expect(callEntries(page).last()).toContainText(text);
  }
}

/** Clicks Call (enabled once the other party is present) and returns the call the server started. */
export async function startCall(page: Page): Promise<CallJson> {
  await expect(callButton(page)).toBeEnabled();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/conversations\/[^/]+\/calls$/.test(new URL(r.url()).pathname)),
    callButton(page).click(),
  ]);
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { call: CallJson }).call;
}

/** The call as one party's session reads it. */
export async function callAs(request: APIRequestContext, callId: string): Promise<CallJson> {
  const res = await request.get(`/api/calls/${callId}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { call: CallJson }).call;
}

/** Messages of a conversation that are the entry of `callId`, as this party's session lists them. */
export async function entriesOf(request: APIRequestContext, conversationId: string, callId: string): Promise<number> {
  const res = await request.get(`/api/conversations/${conversationId}/messages`);
  expect(res.status()).toBe(200);
  const { messages } = (await res.json()) as { messages: Array<{ call?: { id: string } | null }> };
  return messages.filter((m) => m.call?.id === callId).length;
}

/** The call panel is over: it says "Call ended" (or an outcome), or it has gone. */
export async function expectCallOver(page: Page, timeout = 10_000): Promise<void> {
  await expect
    .poll(async () => ((await callState(page).count()) === 0 ? "gone" : ((await callState(page).first().textContent()) ?? "").trim()), { timeout })
    .toMatch(/^(gone|Call ended|No answer|Declined|Busy)$/);
}

interface AudioStats {
  /** outbound-rtp audio packets sent */
  sent: number;
  /** inbound-rtp audio packets received */
  received: number;
  /** inbound-rtp totalAudioEnergy: grows only while the other side sends sound (measured at playout) */
  inboundEnergy: number;
}

/** The call's audio statistics from its own RTCPeerConnection (the test hook), null before it has one. */
export function audioStats(page: Page): Promise<AudioStats | null> {
  return page.evaluate(async () => {
    const hook = (window as unknown as { __hourglassCall?: { pc: RTCPeerConnection | null } }).__hourglassCall;
    if (!hook?.pc) return null;
    const out = { sent: 0, received: 0, inboundEnergy: 0 };
    (await hook.pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.kind !== "audio") return;
      if (s.type === "outbound-rtp") out.sent += Number(s.packetsSent ?? 0);
      if (s.type === "inbound-rtp") {
        out.received += Number(s.packetsReceived ?? 0);
        out.inboundEnergy += Number(s.totalAudioEnergy ?? 0);
      }
    });
    return out;
  });
}

/**
 * How much sound energy reached this side over `ms` (inbound-rtp totalAudioEnergy, which Chromium
 * measures as the remote audio plays out). Chromium's fake microphone beeps several times a second:
 * about 0.2 a second while the other side sends it, nothing (below 1e-6) once it is muted.
 */
export function inboundEnergyOver(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (window_) => {
    const hook = (window as unknown as { __hourglassCall?: { pc: RTCPeerConnection | null } }).__hourglassCall;
    const energy = async () => {
      let total = 0;
      (await hook?.pc?.getStats())?.forEach((s: Record<string, unknown>) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") total += Number(s.totalAudioEnergy ?? 0);
      });
      return total;
    };
    const before = await energy();
    await new Promise((resolve) => setTimeout(resolve, window_));
    return (await energy()) - before;
  }, ms);
}

/**
 * Ends whatever call this session still has live (the specs share one database with the folders after
 * them): the callee declines a ringing call, anyone else hangs up. Waits until the server has none.
 */
export async function endLiveCall(request: APIRequestContext, userName: string): Promise<void> {
  const current = async () => ((await (await request.get("/api/calls/current")).json()) as { call: CallJson | null }).call;
  const call = await current();
  if (!call) return;
  const mine = call.caller.name === userName ? call.callerTab : (call.calleeTab ?? "e2e-cleanup-tab");
  if (call.status === "ringing" && call.callee.name === userName) await request.post(`/api/calls/${call.id}/decline`, { data: { tabId: "e2e-cleanup-tab" } });
  else await request.post(`/api/calls/${call.id}/hangup`, { data: { tabId: mine } });
  await expect.poll(current).toBeNull();
}
