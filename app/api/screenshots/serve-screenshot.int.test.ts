// GET /api/screenshots/:segmentId/:variant on a real PostgreSQL and a real blob folder: cached
// as immutable in the viewer's own browser, revalidated by ETag without reading the file, and
// 404 once the segment is deleted or to anyone not on the contract, whatever they send.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeContract, makeUser } = await import("@/tests/support/factories");
const { LocalBlobStore, setBlobStoreForTests } = await import("@/lib/storage");
const route = await import("@/app/api/screenshots/[segmentId]/[variant]/route");
const { prisma } = await setupTestDatabase();

const store = new LocalBlobStore(mkdtempSync(path.join(tmpdir(), "hourglass-screenshot-cache-")));
setBlobStoreForTests(store);

const client = await makeUser(prisma, "CLIENT");
const freelancer = await makeUser(prisma, "FREELANCER");
const outsider = await makeUser(prisma, "CLIENT");
const contract = await makeContract(prisma, client, freelancer);

async function segmentWithScreenshot(slotIso: string): Promise<string> {
  const id = crypto.randomUUID();
  const full = `screenshots/${id}.jpg`;
  const thumb = `screenshots/${id}.webp`;
  await store.put(full, Buffer.from(`jpeg of ${id}`), "image/jpeg");
  await store.put(thumb, Buffer.from(`webp of ${id}`), "image/webp");
  await prisma.segment.create({
    data: {
      id,
      contractId: contract.id,
      slotStart: new Date(slotIso),
      kind: "TRACKED",
      memo: "Work",
      keyboardCounts: Array(10).fill(3),
      mouseCounts: Array(10).fill(3),
      activityLevel: 10,
      contentHash: `cache-${id}`,
      screenshot: { create: { takenAt: new Date(slotIso), storageKey: full, thumbKey: thumb, width: 8, height: 8, bytes: 10, thumbBytes: 10 } },
    },
  });
  return id;
}

function get(user: CurrentUser, segmentId: string, variant: string, ifNoneMatch?: string): Promise<Response> {
  session.user = user;
  const headers = new Headers({ host: "portal.test", ...(ifNoneMatch ? { "if-none-match": ifNoneMatch } : {}) });
  return route.GET(new NextRequest(`http://portal.test/api/screenshots/${segmentId}/${variant}`, { headers }), { params: Promise.resolve({ segmentId, variant }) });
}

describe("GET /api/screenshots/:segmentId/:variant", () => {
  it("is private, immutable for a year, with an ETag per variant; a matching If-None-Match answers 304 without a body", async () => {
    const id = await segmentWithScreenshot("2024-06-10T09:00:00Z");
    const full = await get(client, id, "full");
    expect(full.status).toBe(200);
    expect(full.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await full.arrayBuffer()).toString()).toBe(`jpeg of ${id}`);
    const etag = full.headers.get("etag");
    expect(etag).toMatch(/^"[^"]+"$/);

    const thumb = await get(freelancer, id, "thumb");
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("etag")).not.toBe(etag);
    expect(thumb.headers.get("cache-control")).toContain("immutable");

    const again = await get(freelancer, id, "full", `"other", ${etag}`);
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(await again.text()).toBe("");
    expect((await get(client, id, "full", `W/${etag}`)).status).toBe(304);
    expect((await get(client, id, "full", '"stale"')).status).toBe(200);
  });

  it("answers 404 to an outsider even with the right ETag, and to everyone once the segment is deleted", async () => {
    const id = await segmentWithScreenshot("2024-06-10T09:10:00Z");
    const etag = (await get(client, id, "full")).headers.get("etag") as string;
    const foreign = await get(outsider, id, "full", etag);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("etag")).toBeNull();
    expect(foreign.headers.get("cache-control") ?? "").not.toContain("immutable");

    await prisma.segment.update({ where: { id }, data: { deletedAt: new Date() } });
    for (const variant of ["full", "thumb"]) {
      expect((await get(client, id, variant)).status).toBe(404);
      expect((await get(client, id, variant, etag)).status).toBe(404);
    }
  });
});
