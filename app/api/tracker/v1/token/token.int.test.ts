// Sign-out from the tracker (DELETE /api/tracker/v1/token) through its real route handlers on a real
// PostgreSQL: the token revokes itself, no other token, and then answers 401. Only the clock and
// next-auth (no browser session here) are replaced.
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeUser } from "@/tests/support/factories";

const NOW = new Date("2024-06-12T15:05:00Z");
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date("2024-06-12T15:05:00Z") }));
vi.mock("@/lib/auth/config", () => ({ auth: async () => null })); // no browser session: the tracker's Bearer token only

const { prisma } = await setupTestDatabase();
const tokenRoute = await import("@/app/api/tracker/v1/token/route");
const meRoute = await import("@/app/api/tracker/v1/me/route");
const { createTrackerToken } = await import("@/lib/tracker-tokens/create-tracker-token");
const { listTrackerTokens } = await import("@/lib/tracker-tokens/list-tracker-tokens");
const noParams = { params: Promise.resolve({}) };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const signOut = (headers: Record<string, string>) => tokenRoute.DELETE(new NextRequest("http://portal.test/api/tracker/v1/token", { method: "DELETE", headers }), noParams);
const me = (token: string) => meRoute.GET(new NextRequest("http://portal.test/api/tracker/v1/me", { headers: bearer(token) }), noParams);

describe("DELETE /api/tracker/v1/token", () => {
  it("revokes the calling token (204), which then gets 401 everywhere; the freelancer's other tokens keep working", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const laptop = await createTrackerToken(freelancer, "Laptop", NOW);
    const desktop = await createTrackerToken(freelancer, "Desktop", NOW);
    expect((await me(laptop.token)).status).toBe(200);

    const res = await signOut(bearer(laptop.token));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");

    expect((await me(laptop.token)).status).toBe(401);
    expect((await signOut(bearer(laptop.token))).status).toBe(401);
    expect((await me(desktop.token)).status).toBe(200);
    const listed = await listTrackerTokens(freelancer);
    expect(listed.find((t) => t.id === laptop.id)?.revokedAt).toBe(NOW.toISOString());
    expect(listed.find((t) => t.id === desktop.id)?.revokedAt).toBeNull();
  });

  it("answers 401 in the one error shape without a token or with an unknown one", async () => {
    for (const headers of [{}, bearer("hgt_not-a-real-token"), { authorization: "Basic abc" }]) {
      const res = await signOut(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    }
  });
});
