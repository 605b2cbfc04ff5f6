import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceLoginError, defaultDeviceName, deviceLogin } from "./device-login";

/** A portal speaking RFC 8628: the test scripts the token endpoint's answers in order. */
type Reply = [number, unknown, Record<string, string>?];
let codeReply: Reply;
let tokenReplies: Reply[] = [];
const requests: Array<{ path: string; type?: string; form: Record<string, string>; auth?: string }> = [];
const profile = {
  user: { id: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e", name: "Fiona", email: "f@x.test", timezone: "UTC" },
  serverTime: "2024-06-12T15:05:00.000Z",
  contracts: [],
  portal: { version: "0.1.0", testModes: false },
};

const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  const path = req.url ?? "";
  requests.push({ path, type: req.headers["content-type"], form: Object.fromEntries(new URLSearchParams(body)), auth: req.headers.authorization });
  const send = ([status, json, headers]: Reply) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(json));
  if (path === "/api/tracker/v1/device/code") return send(codeReply);
  if (path === "/api/tracker/v1/device/token") return send(tokenReplies.shift() ?? [400, { error: "invalid_grant" }]);
  if (path === "/api/tracker/v1/me") return req.headers.authorization === "Bearer hgt_device" ? send([200, profile]) : send([401, { error: { code: "unauthenticated", message: "no" } }]);
  send([404, { error: { code: "not_found", message: "no" } }]);
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const issued = () =>
  [200, { device_code: "dc-secret", user_code: "BCDF-GHJK", verification_uri: `${base}/device`, verification_uri_complete: `${base}/device?code=BCDF-GHJK`, expires_in: 600, interval: 2 }] as Reply;
const pending: Reply = [400, { error: "authorization_pending", error_description: "not yet" }];

/** Runs a sign-in whose waits are recorded instead of slept (so the test asserts the intervals, not timing). */
function signIn(opts: { deviceName?: string; publicKey?: string } = {}) {
  const waits: number[] = [];
  const shown: string[][] = [];
  const result = deviceLogin(base, { ...opts, onCode: (...args) => void shown.push(args), sleep: async (ms) => void waits.push(ms) });
  return { result, waits, shown };
}

describe("deviceLogin (RFC 8628)", () => {
  it("shows the code, polls at the interval, slows down by 5 s when asked, and ends with the token and who it belongs to", async () => {
    requests.length = 0;
    codeReply = issued();
    tokenReplies = [pending, pending, [400, { error: "slow_down" }], pending, [200, { access_token: "hgt_device", token_type: "Bearer" }]];
    const run = signIn({ deviceName: "fiona-laptop (linux)" });
    expect(await run.result).toEqual({ token: "hgt_device", profile });
    expect(run.shown).toEqual([["BCDF-GHJK", `${base}/device`, `${base}/device?code=BCDF-GHJK`]]);
    expect(run.waits).toEqual([2000, 2000, 2000, 7000, 7000]);
    expect(requests[0]).toEqual({ path: "/api/tracker/v1/device/code", type: "application/x-www-form-urlencoded", form: { device_name: "fiona-laptop (linux)" }, auth: undefined });
    const polls = requests.filter((r) => r.path === "/api/tracker/v1/device/token");
    expect(polls).toHaveLength(5);
    expect(polls[0]!.form).toEqual({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: "dc-secret" });
    expect(requests.at(-1)).toMatchObject({ path: "/api/tracker/v1/me", auth: "Bearer hgt_device" });
  });

  it("sends the sign-in's public key with the code request (R15.1)", async () => {
    requests.length = 0;
    codeReply = issued();
    tokenReplies = [[200, { access_token: "hgt_device", token_type: "Bearer" }]];
    const publicKey = "A".repeat(42) + "E";
    await signIn({ deviceName: "fiona-laptop (linux)", publicKey }).result;
    expect(requests[0]!.form).toEqual({ device_name: "fiona-laptop (linux)", public_key: publicKey });
  });

  it("names the device after the computer and its system unless told otherwise", async () => {
    requests.length = 0;
    codeReply = issued();
    tokenReplies = [[200, { access_token: "hgt_device", token_type: "Bearer" }]];
    await signIn().result;
    expect(requests[0]!.form.device_name).toBe(defaultDeviceName());
    expect(defaultDeviceName()).toMatch(new RegExp(`\\(${process.platform}\\)$`));
  });

  it.each([
    ["access_denied", /denied in the browser/],
    ["expired_token", /expired before it was approved/],
    ["invalid_grant", /refused to sign this device in/],
  ])("ends on %s with a clear message", async (error, message) => {
    codeReply = issued();
    tokenReplies = [pending, [400, { error, error_description: error }]];
    const failure = await signIn().result.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeviceLoginError);
    expect(failure).toMatchObject({ code: error, message: expect.stringMatching(message) });
  });

  it("says when the portal limits sign-ins, and when it has no device sign-in at all", async () => {
    codeReply = [429, { error: { code: "rate_limited", message: "slow" } }, { "retry-after": "42" }];
    await expect(signIn().result).rejects.toThrow(/Too many sign-in attempts.*42 s/);
    codeReply = [404, { error: { code: "not_found", message: "no" } }];
    await expect(signIn().result).rejects.toThrow(/does not offer device sign-in.*login <portal-url> <token>/);
  });

  it("stops polling when cancelled", async () => {
    codeReply = issued();
    tokenReplies = [pending, pending, pending];
    const cancel = new AbortController();
    const result = deviceLogin(base, { onCode: () => undefined, signal: cancel.signal, sleep: async () => void cancel.abort() });
    await expect(result).rejects.toMatchObject({ code: "cancelled" });
  });
});
