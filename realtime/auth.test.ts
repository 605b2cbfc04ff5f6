import Pusher from "pusher";
import { describe, expect, it } from "vitest";
import { isChannelAuthValid, isUserAuthValid, verifyRestRequest } from "./auth";

const app = { id: "1", key: "k", secret: "s" };
const sdk = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", useTLS: false });

function request(method: string, path: string, body: string, nowOffset = 0) {
  const query = new URLSearchParams(sdk.createSignedQueryString({ method, path, body: body || undefined }));
  const timestamp = Number(query.get("auth_timestamp"));
  return { method, path, query, body, nowSeconds: timestamp + nowOffset };
}

describe("channel and user signatures", () => {
  it("accepts what the SDK signs and nothing else", () => {
    const priv = sdk.authorizeChannel("1.2", "private-a");
    expect(isChannelAuthValid(app, "1.2", "private-a", priv.auth)).toBe(true);
    expect(isChannelAuthValid(app, "1.3", "private-a", priv.auth)).toBe(false);
    expect(isChannelAuthValid(app, "1.2", "private-b", priv.auth)).toBe(false);
    expect(isChannelAuthValid(app, "1.2", "private-a", undefined)).toBe(false);

    const pres = sdk.authorizeChannel("1.2", "presence-a", { user_id: "u" });
    expect(isChannelAuthValid(app, "1.2", "presence-a", pres.auth, pres.channel_data)).toBe(true);
    expect(isChannelAuthValid(app, "1.2", "presence-a", pres.auth, '{"user_id":"admin"}')).toBe(false);

    const user = sdk.authenticateUser("1.2", { id: "u" });
    expect(isUserAuthValid(app, "1.2", user.user_data, user.auth)).toBe(true);
    expect(isUserAuthValid(app, "1.2", '{"id":"admin"}', user.auth)).toBe(false);
  });
});

describe("verifyRestRequest", () => {
  const body = JSON.stringify({ name: "e", data: "{}", channel: "c" });

  it("accepts the SDK's signed POST and GET", () => {
    expect(verifyRestRequest(app, request("POST", "/apps/1/events", body))).toBeNull();
    expect(verifyRestRequest(app, request("GET", "/apps/1/channels", ""))).toBeNull();
  });

  it.each([
    ["a different path", (r: ReturnType<typeof request>) => ({ ...r, path: "/apps/1/batch_events" })],
    ["a different method", (r: ReturnType<typeof request>) => ({ ...r, method: "PUT" })],
    ["a different body", (r: ReturnType<typeof request>) => ({ ...r, body: body.replace('"c"', '"d"') })],
    ["a timestamp 601 s behind", (r: ReturnType<typeof request>) => ({ ...r, nowSeconds: r.nowSeconds + 601 })],
    ["a timestamp 601 s ahead", (r: ReturnType<typeof request>) => ({ ...r, nowSeconds: r.nowSeconds - 601 })],
    ["another key", (r: ReturnType<typeof request>) => ({ ...r, query: withParam(r.query, "auth_key", "x") })],
    ["an added parameter", (r: ReturnType<typeof request>) => ({ ...r, query: withParam(r.query, "info", "user_count") })],
    ["no signature", (r: ReturnType<typeof request>) => ({ ...r, query: withParam(r.query, "auth_signature", null) })],
    ["auth_version 2", (r: ReturnType<typeof request>) => ({ ...r, query: withParam(r.query, "auth_version", "2.0") })],
  ])("rejects %s with 401", (_what, tamper) => {
    expect(verifyRestRequest(app, tamper(request("POST", "/apps/1/events", body)))).toMatchObject({ status: 401 });
  });

  it("accepts clock skew up to 600 s", () => {
    expect(verifyRestRequest(app, request("GET", "/apps/1/channels", "", 600))).toBeNull();
    expect(verifyRestRequest(app, request("GET", "/apps/1/channels", "", -600))).toBeNull();
  });

  it("rejects a repeated query parameter with 400", () => {
    const r = request("GET", "/apps/1/channels", "");
    r.query.append("auth_key", app.key);
    expect(verifyRestRequest(app, r)).toMatchObject({ status: 400 });
  });
});

function withParam(query: URLSearchParams, key: string, value: string | null): URLSearchParams {
  const copy = new URLSearchParams(query);
  if (value === null) copy.delete(key);
  else copy.set(key, value);
  return copy;
}
