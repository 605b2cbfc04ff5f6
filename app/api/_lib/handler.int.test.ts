// The route wrapper through real routes on a real PostgreSQL: a body that is not JSON is 400
// (it was a 422 about every field), an empty body reads as no fields, a malformed id is 404 like an
// unknown one, and a billing rule's refusal that no call site wrapped answers 422, not 500.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { registerNextAuthShims } from "@/tests/support/route-harness";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
registerNextAuthShims();

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { quoteWithdrawal } = await import("@/lib/billing");
const { withSession } = await import("./handler");
const contractsRoute = await import("../contracts/route");
const respondRoute = await import("../disputes/[id]/respond/route");
const contractRoute = await import("../contracts/[id]/route");
const { prisma } = await setupTestDatabase();

const clara = await makeUser(prisma, "CLIENT");
const fiona = await makeUser(prisma, "FREELANCER");

function post(path: string, body: string | undefined, method = "POST"): NextRequest {
  const headers = new Headers({ host: "portal.test", origin: "http://portal.test", "content-type": "application/json" });
  return new NextRequest(`http://portal.test${path}`, { method, headers, body });
}
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const answer = async (res: Response) => ({ status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } });

describe("the JSON body", () => {
  it("is 400 bad_request when it does not parse, and nothing is created", async () => {
    session.user = clara;
    const before = await prisma.contract.count();
    for (const text of ["{", "{\"title\": \"Logo\",}", "not json", "\u0000"]) {
      const { status, body } = await answer(await contractsRoute.POST(post("/api/contracts", text), ctx()));
      expect({ text, status, code: body.error.code, fields: body.error.fields }).toEqual({ text, status: 400, code: "bad_request", fields: undefined });
    }
    expect(await prisma.contract.count()).toBe(before);
  });

  it("reads an empty body as no fields: 422 naming the ones the route needs", async () => {
    session.user = clara;
    const { status, body } = await answer(await contractsRoute.POST(post("/api/contracts", ""), ctx()));
    expect(status).toBe(422);
    expect(Object.keys(body.error.fields ?? {})).toEqual(expect.arrayContaining(["title", "freelancerEmail", "hourlyRateCents"]));
  });

  it("is parsed with the route's schema and handed to the handler", async () => {
    session.user = clara;
    const res = await contractsRoute.POST(post("/api/contracts", JSON.stringify({ title: "Logo work", freelancerEmail: fiona.email, hourlyRateCents: 4000, weeklyLimitHours: 10 })), ctx());
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await prisma.contract.findUniqueOrThrow({ where: { id } });
    expect({ title: row.title, freelancerId: row.freelancerId }).toEqual({ title: "Logo work", freelancerId: fiona.id });
  });
});

describe("route ids", () => {
  it("answer 404 in the error shape for a malformed id, before the body is read", async () => {
    session.user = fiona;
    for (const id of ["nope", "12345678-1234-1234-1234-1234567890ab'", "------------------------------------"]) {
      const res = await respondRoute.POST(post(`/api/disputes/${id}/respond`, "not json"), ctx({ id }));
      expect(await answer(res)).toEqual({ status: 404, body: { error: { code: "not_found", message: "No such dispute." } } });
    }
    session.user = clara;
    expect((await contractRoute.GET(post("/api/contracts/nope", undefined, "GET"), ctx({ id: "nope" }))).status).toBe(404);
  });
});

describe("a billing rule's refusal", () => {
  it("that no call site wrapped answers 422 naming its field, not 500", async () => {
    session.user = fiona;
    // A route whose service lets lib/billing's BillingError through unwrapped.
    const route = withSession(async () => {
      quoteWithdrawal({ amountCents: 12.5, availableCents: 10_000, method: "ACH", methodAddedAt: new Date(0), now: new Date() });
      return new Response(null, { status: 204 });
    });
    const { status, body } = await answer(await route(post("/api/example", "{}"), ctx()));
    expect(status).toBe(422);
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields ?? {})).toEqual(["amountCents"]);
  });
});
