import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, requestAddress, trustedProxies, withPeerAddress } from "./client-address";

describe("clientAddress", () => {
  const none = trustedProxies("");
  const proxies = trustedProxies("10.0.0.0/8, 192.0.2.7, fd00::/8");

  it.each([
    ["no proxies: the peer, whatever X-Forwarded-For says", "203.0.113.9", "1.2.3.4", none, "203.0.113.9"],
    ["an untrusted peer's header is ignored", "203.0.113.9", "1.2.3.4", proxies, "203.0.113.9"],
    ["a trusted proxy names the client", "10.1.2.3", "198.51.100.4", proxies, "198.51.100.4"],
    ["entries the client wrote left of it are ignored", "10.1.2.3", "6.6.6.6, 198.51.100.4", proxies, "198.51.100.4"],
    ["trusted hops are skipped right to left", "10.1.2.3", "6.6.6.6, 198.51.100.4, 192.0.2.7, 10.9.9.9", proxies, "198.51.100.4"],
    ["IPv6 proxies and IPv4-mapped entries", "fd00::1", "::ffff:198.51.100.4", proxies, "198.51.100.4"],
    ["a malformed hop ends the walk at the proxy that wrote it", "10.1.2.3", "198.51.100.4, not-an-ip", proxies, "10.1.2.3"],
    ["a trusted proxy without the header is the client", "10.1.2.3", null, proxies, "10.1.2.3"],
  ])("%s", (_name, peer, forwardedFor, trusted, expected) => {
    expect(clientAddress(peer, forwardedFor, trusted)).toBe(expected);
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or a range", () => {
    expect(() => trustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => trustedProxies("proxy.internal")).toThrow(/not an IP/);
  });
});

describe("requestAddress through a real socket (our web server's wrapper)", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // What scripts/web.ts does around Next's handler, around a listener that answers what a route handler would see.
    server = createServer(
      withPeerAddress((req, res) => {
        const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
        res.end(requestAddress(headers, true));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("a forged X-Forwarded-For from a client with no proxy in front is ignored", async () => {
    delete process.env.TRUSTED_PROXIES;
    for (const forged of ["203.0.113.1", "203.0.113.2", "1.1.1.1, 203.0.113.3"]) {
      expect(await (await fetch(url, { headers: { "x-forwarded-for": forged } })).text()).toBe("127.0.0.1");
    }
  });

  it("behind a proxy listed in TRUSTED_PROXIES, the address it forwards counts", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.1";
    try {
      expect(await (await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4" } })).text()).toBe("198.51.100.4");
    } finally {
      delete process.env.TRUSTED_PROXIES;
    }
  });

  it("in production, without our server in front, forwarded headers are not believed", () => {
    expect(requestAddress(new Headers({ "x-forwarded-for": "203.0.113.1" }), true)).toBe("unknown");
    expect(requestAddress(new Headers({ "x-forwarded-for": "203.0.113.1" }), false)).toBe("203.0.113.1");
  });
});
