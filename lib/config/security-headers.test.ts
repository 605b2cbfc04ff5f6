import { describe, expect, it } from "vitest";
import { pageContentSecurityPolicy, realtimeOrigins } from "./security-headers";

describe("page Content-Security-Policy", () => {
  const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

  it("allows scripts by nonce only, no framing, and the realtime server for connections", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce: "abc", development: false, tls: false, env: { REALTIME_HOST: "127.0.0.1", REALTIME_PORT: "6001" } }));
    expect(csp["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp["frame-ancestors"]).toBe("'none'");
    expect(csp["object-src"]).toBe("'none'");
    expect(csp["connect-src"]).toBe("'self' ws://127.0.0.1:6001 wss://127.0.0.1:6001");
    expect(csp["img-src"]).toBe("'self' blob: data:");
    expect(csp).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("adds eval for next dev only, and upgrades subresources only over TLS", () => {
    expect(pageContentSecurityPolicy({ nonce: "n", development: true, tls: false, env: {} })).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(pageContentSecurityPolicy({ nonce: "n", development: false, tls: true, env: {} })).toMatch(/; upgrade-insecure-requests$/);
  });

  it("follows where browsers reach realtime: the public host behind TLS, or hosted Pusher", () => {
    expect(realtimeOrigins({ REALTIME_PUBLIC_HOST: "rt.example.org", REALTIME_PUBLIC_PORT: "443", REALTIME_PUBLIC_TLS: "1" })).toEqual(["wss://rt.example.org:443"]);
    expect(realtimeOrigins({ PUSHER_CLUSTER: "eu", PUSHER_KEY: "k" })).toEqual(["wss://ws-eu.pusher.com", "https://sockjs-eu.pusher.com"]);
  });
});
