// scripts/web.ts's wrapper through a real socket: each request gets an id, answered as x-request-id and
// seen by the handler (header and context); a proxy's own id is kept only when TRUSTED_PROXIES names it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPeerAddress } from "@/lib/rate-limit/client-address";
import { currentRequestId, withRequestId } from "./request-context";

let server: Server;
let url: string;
const saved = process.env.TRUSTED_PROXIES;

beforeAll(async () => {
  server = createServer(
    withPeerAddress(
      withRequestId((req, res) => {
        // later in the request, as a route handler would be, the context still holds it
        setImmediate(() => res.end(JSON.stringify({ header: req.headers["x-request-id"], context: currentRequestId() })));
      }),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  process.env.TRUSTED_PROXIES = saved;
  await new Promise((resolve) => server.close(resolve));
});

async function get(requestId?: string) {
  const res = await fetch(url, { headers: requestId ? { "x-request-id": requestId } : {} });
  return { answered: res.headers.get("x-request-id"), seen: (await res.json()) as { header: string; context: string } };
}

describe("request ids on our web server", () => {
  it("gives every request a new id, answered and seen by the handler", async () => {
    process.env.TRUSTED_PROXIES = "";
    const [a, b] = [await get(), await get()];
    expect(a.answered).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.seen).toEqual({ header: a.answered, context: a.answered });
    expect(b.answered).not.toBe(a.answered);
  });

  it("keeps a trusted proxy's sane X-Request-Id, and ignores one a client wrote itself", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.1";
    expect((await get("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f")).seen.context).toBe("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f");
    expect((await get("bad id with spaces")).answered).not.toBe("bad id with spaces");
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    const direct = await get("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f");
    expect(direct.answered).not.toBe("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f");
    expect(direct.seen.context).toBe(direct.answered);
  });
});
