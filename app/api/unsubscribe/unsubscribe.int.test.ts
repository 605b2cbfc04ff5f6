// One-click unsubscribe (R16.4, RFC 8058) through the real route handler on a real PostgreSQL: the signed
// link turns one kind's email off for its user only, works again harmlessly, and a forged or bad link changes nothing.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { registerNextAuthShims } from "@/tests/support/route-harness";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
registerNextAuthShims();
const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { unsubscribeToken } = await import("@/lib/mail/unsubscribe-token");
const { listPreferences } = await import("@/lib/notifications/preferences");
const { POST } = await import("./route");
const { prisma } = await setupTestDatabase();

const oneClick = (token: string | null) =>
  POST(
    new NextRequest(`http://portal.test/api/unsubscribe${token === null ? "" : `?t=${encodeURIComponent(token)}`}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );
const emailOn = async (userId: string, kind: string) => (await listPreferences(userId)).find((p) => p.kind === kind)!.email;

describe("POST /api/unsubscribe", () => {
  it("turns that kind's email off for that user only, keeps the portal notification, and works again harmlessly", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const otto = await makeUser(prisma, "FREELANCER");
    const token = unsubscribeToken(fiona.id, "offer_received");
    const res = await oneClick(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ unsubscribed: true, kind: "offer_received" });
    const prefs = await listPreferences(fiona.id);
    expect(prefs.find((p) => p.kind === "offer_received")).toEqual({ kind: "offer_received", inApp: true, email: false });
    expect(prefs.filter((p) => p.kind !== "offer_received").every((p) => p.email)).toBe(true);
    expect(await emailOn(otto.id, "offer_received")).toBe(true);

    const again = await oneClick(token);
    expect(again.status).toBe(200);
    expect(await emailOn(fiona.id, "offer_received")).toBe(false);
  });

  it("sends the page's form back to the page, which says it is done", async () => {
    const clara = await makeUser(prisma, "CLIENT");
    const token = unsubscribeToken(clara.id, "invoice_issued");
    const form = new FormData();
    form.set("from", "page");
    const res = await POST(new NextRequest(`http://portal.test/api/unsubscribe?t=${encodeURIComponent(token)}`, { method: "POST", body: form }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/unsubscribe?t=${encodeURIComponent(token)}&done=1`);
    expect(await emailOn(clara.id, "invoice_issued")).toBe(false);
  });

  it("refuses a missing (400), forged (404) or unknown-kind (404) link and changes nothing", async () => {
    const vera = await makeUser(prisma, "CLIENT");
    const good = unsubscribeToken(vera.id, "charge_failed");
    const forged = `${vera.id}.charge_failed.${Buffer.alloc(32).toString("base64url")}`;
    const otherSecret = unsubscribeToken(vera.id, "charge_failed", { AUTH_SECRET: "someone-elses-secret-0123456789abcdef" });
    const notAKind = unsubscribeToken(vera.id, "account");
    const before = await prisma.notificationPreference.count();
    expect((await oneClick(null)).status).toBe(400);
    for (const bad of [forged, otherSecret, notAKind, good.replace("charge_failed", "invoice_issued"), "junk"]) {
      const res = await oneClick(bad);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    expect(await prisma.notificationPreference.count()).toBe(before);
    expect(await emailOn(vera.id, "charge_failed")).toBe(true);
  });

  it("answers 404 for a signed link whose user is gone", async () => {
    const gone = unsubscribeToken("5b0c7a52-63b4-4c1e-9a57-0e6f0c0a1b2c", "offer_received");
    expect((await oneClick(gone)).status).toBe(404);
  });
});
