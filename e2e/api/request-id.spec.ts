// Issue 20 (logs): the production web server (scripts/web.ts) gives every request an id, answered as
// x-request-id; a TRUSTED_PROXIES proxy's own sane X-Request-Id is kept (Playwright stands where the
// proxy would: the e2e run trusts 127.0.0.1), and the emails a request queues carry it to the worker.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fromAddress } from "../fixtures";
import { copyOfDemoUser } from "../auth/support";
import { query } from "../tracker/support";

test("each request gets an id, a trusted proxy's is kept, and the emails it queues carry it", async ({ request }) => {
  const fresh = await request.get("/api/health");
  expect(fresh.headers()["x-request-id"]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect((await request.get("/api/health")).headers()["x-request-id"]).not.toBe(fresh.headers()["x-request-id"]);
  expect((await request.get("/api/health", { headers: { "x-request-id": "not a sane id" } })).headers()["x-request-id"]).not.toBe("not a sane id");

  const proxied = randomBytes(16).toString("hex"); // as nginx's $request_id
  const email = await copyOfDemoUser("farah", "request-id", "Request Id");
  const asked = await request.post("/api/account/password-reset", { data: { email }, headers: { ...fromAddress("198.51.100.77"), "x-request-id": proxied } });
  expect(asked.status()).toBe(202);
  expect(asked.headers()["x-request-id"]).toBe(proxied);
  expect(await query<{ request_id: string }>("SELECT request_id FROM email_outbox WHERE to_address = $1", [email])).toEqual([{ request_id: proxied }]);
});
