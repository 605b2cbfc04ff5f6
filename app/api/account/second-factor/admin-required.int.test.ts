// R16.3 two-step verification is required for admins: an admin without it is refused every API route but
// the enrolment's (403), and pages send it to Settings › Security; once it is on, everything opens.
// The seeded demo admin is exempt in test and demo mode only. Real PostgreSQL, real route handlers.
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { routeRequest, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
const mode = vi.hoisted(() => ({ value: "test" as "test" | "production" }));
const page = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => page.headers }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), appMode: () => mode.value }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { DEMO_USERS } = await import("@/lib/seed/demo-accounts");
const { DEMO_ADMIN_EMAIL } = await import("@/lib/auth/admin-second-factor");
const { requirePageUser } = await import("@/lib/auth/require-page-user");
const { totpCode } = await import("@/lib/auth/totp");
const { prisma } = await setupTestDatabase();
const contracts = await import("@/app/api/contracts/route");
const factor = await import("@/app/api/account/second-factor/route");
const enrolment = await import("@/app/api/account/second-factor/enrolment/route");

const listContracts = () => contracts.GET(routeRequest("/api/contracts"), noParams);

/** The page guard's answer: the path it redirects to, or "allowed". */
async function pageAt(path: string): Promise<string> {
  page.headers = new Headers({ "x-hourglass-path": path });
  try {
    await requirePageUser();
    return "allowed";
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? digest;
  }
}

describe("admins must turn on two-step verification", () => {
  it("an admin without it gets 403 everywhere but the enrolment, and every page sends it there; once on, all opens", async () => {
    const ada = await makeUser(prisma, "ADMIN", { secondFactor: false });
    session.user = ada;
    const refused = await listContracts();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("two-step verification");
    expect(await pageAt("/admin")).toBe("/settings/security");
    expect(await pageAt("/settings/security")).toBe("allowed");

    const started = await enrolment.POST(routeRequest("/api/account/second-factor/enrolment", { method: "POST" }), noParams);
    expect(started.status).toBe(201);
    const { secret } = (await started.json()) as { secret: string };
    expect((await listContracts()).status).toBe(403); // not yet: only a confirmed enrolment counts
    const on = await factor.POST(routeRequest("/api/account/second-factor", { method: "POST", json: { code: totpCode(secret, Date.now()) } }), noParams);
    expect(on.status).toBe(200);
    expect((await listContracts()).status).toBe(200);
    expect(await pageAt("/admin")).toBe("allowed");
  });

  it("other roles are never held back", async () => {
    session.user = await makeUser(prisma, "CLIENT");
    expect((await listContracts()).status).toBe(200);
    expect(await pageAt("/contracts")).toBe("allowed");
  });

  it("the demo admin is exempt in test and demo mode, not in production", async () => {
    expect(DEMO_ADMIN_EMAIL).toBe(DEMO_USERS.admin.email);
    session.user = await makeUser(prisma, "ADMIN", { email: DEMO_ADMIN_EMAIL, secondFactor: false });
    expect((await listContracts()).status).toBe(200);
    mode.value = "production";
    try {
      expect((await listContracts()).status).toBe(403);
    } finally {
      mode.value = "test";
    }
  });
});
