// R15.3 on a real PostgreSQL: the weekly close, run through the worker's job, seals every contract week it
// bills with its chain head and the portal's key; keys rotate and old ones stay published; concurrent first
// uses make one key (the well-known route: app/api/well-known/hourglass-keys/route.int.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "@/tests/support/ledger";
import { setNoticeSink } from "@/lib/realtime/notify";
import { JOBS } from "@/lib/jobs/definitions";
import { runDueJobs } from "@/lib/jobs/scheduler";
import { appendProofRecords } from "./chain";
import { portalSign, publishedKeys, rotatePortalKey } from "./portal-keys";
import { sealClosedWeeks } from "./seal-weeks";
import { signedSealOf } from "./stored-seal";
import { invoiceSealFor } from "./invoice-seal";
import { GENESIS_HASH } from "@/verifier/src/records";
import { verifySeal } from "@/verifier/src/seal";
import { utf8 } from "@/verifier/src/encoding";
import { verifyEd25519 } from "@/verifier/src/signatures";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));

const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const DAY = 86_400_000;
const day = (n: number, h = 0) => new Date(WEEK.getTime() + n * DAY + h * 3_600_000);

describe("R15.3 the close seals every contract week it bills", () => {
  it("writes each invoice's chain head at the close, signed by a published portal key; a contract without records seals seq 0", async () => {
    const client = await makeFixedUser(prisma, "seal-client", "CLIENT", { verified: true });
    const fiona = await makeFixedUser(prisma, "seal-fiona", "FREELANCER");
    const felix = await makeFixedUser(prisma, "seal-felix", "FREELANCER");
    const contracts = [
      await makeFixedContract(prisma, { name: "sealed-a", clientId: client.id, freelancerId: fiona.id, rateCents: 4000, limitHours: 40 }),
      await makeFixedContract(prisma, { name: "sealed-b", clientId: client.id, freelancerId: felix.id, rateCents: 3000, limitHours: null }),
      await makeFixedContract(prisma, { name: "sealed-c", clientId: client.id, freelancerId: felix.id, rateCents: 2000, limitHours: null }),
    ];
    const [a, b, c] = contracts as [string, string, string];
    await makeFixedSegments(prisma, a, slotsFrom(day(0, 9), 6));
    await makeFixedSegments(prisma, b, slotsFrom(day(2, 9), 3));
    await makeFixedSegments(prisma, c, slotsFrom(day(4, 9), 2));
    // chains: a has 3 records (one event of 2 and one of 1), b has 1, c none
    const heads = new Map<string, { seq: number; hash: string }>();
    await prisma.$transaction(async (tx) => {
      const memo = (slot: Date) => ({ kind: "memo_changed" as const, slot, at: day(6), data: { segmentId: "00000000-0000-4000-8000-000000000000", memo: "m", by: fiona.id } });
      await appendProofRecords(tx, a, [memo(day(0, 9)), memo(day(0, 10))]);
      heads.set(a, (await appendProofRecords(tx, a, [memo(day(0, 11))]))[0]!);
      heads.set(b, (await appendProofRecords(tx, b, [memo(day(2, 9))]))[0]!);
    });

    const runs = await runDueJobs(CLOSE, JOBS);
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(runs.find((r) => r.name === "weekly-close")?.summary).toContain("3 sealed");

    const invoices = await prisma.invoice.findMany({ where: { contractId: { in: contracts } }, orderBy: { contractId: "asc" } });
    expect(invoices).toHaveLength(3);
    const keys = await publishedKeys();
    expect(keys).toHaveLength(1);
    for (const invoice of invoices) {
      const sealed = signedSealOf(invoice);
      const head = heads.get(invoice.contractId) ?? { seq: 0, hash: GENESIS_HASH };
      expect(sealed?.seal).toEqual({ v: 1, contract: invoice.contractId, week: "2024-06-03", invoice: invoice.referenceId, seq: head.seq, head: head.hash, sealedAt: CLOSE.toISOString(), keyId: keys[0]!.keyId });
      expect(await verifySeal(sealed, keys)).toMatchObject({ ok: true });
    }
    expect(signedSealOf(invoices.find((i) => i.contractId === a)!)?.seal.seq).toBe(3);
    // the invoice page shows it to the contract's parties only (lib/proof/invoice-seal.ts)
    const outsider = await makeFixedUser(prisma, "seal-outsider", "CLIENT", { verified: true });
    const first = invoices.find((i) => i.contractId === a)!;
    expect(await invoiceSealFor(client, first.referenceId)).toEqual(signedSealOf(first));
    expect(await invoiceSealFor(fiona, first.referenceId)).toEqual(signedSealOf(first));
    expect(await invoiceSealFor(felix, first.referenceId)).toBeNull();
    expect(await invoiceSealFor(outsider, first.referenceId)).toBeNull();

    // once sealed, a seal never changes: later runs (the catch-up job, a repeated close) seal nothing
    const before = await prisma.invoice.findMany({ where: { contractId: { in: contracts } }, orderBy: { contractId: "asc" } });
    await prisma.$transaction((tx) => appendProofRecords(tx, a, [{ kind: "memo_changed", slot: day(0, 9), at: day(8), data: { segmentId: "00000000-0000-4000-8000-000000000000", memo: "later", by: fiona.id } }]));
    expect(await sealClosedWeeks(new Date(CLOSE.getTime() + DAY))).toBe(0);
    const catchUp = await runDueJobs(new Date(CLOSE.getTime() + 3_600_000), JOBS);
    expect(catchUp.filter((r) => !r.ok)).toEqual([]);
    expect(await prisma.invoice.findMany({ where: { contractId: { in: contracts } }, orderBy: { contractId: "asc" } })).toEqual(before);
  });

  it("the proof-seals job seals an invoice the close left unsealed, with the chain head at that moment", async () => {
    const client = await makeFixedUser(prisma, "late-client", "CLIENT", { verified: true });
    const freelancer = await makeFixedUser(prisma, "late-freelancer", "FREELANCER");
    const contract = await makeFixedContract(prisma, { name: "late-seal", clientId: client.id, freelancerId: freelancer.id, rateCents: 4000, limitHours: 40 });
    await makeFixedSegments(prisma, contract, slotsFrom(day(7 + 1, 9), 2));
    const { closeWeek } = await import("@/lib/ledger/close-week");
    await closeWeek({ weekStart: new Date(WEEK.getTime() + 7 * DAY), now: new Date(CLOSE.getTime() + 7 * DAY) }); // as a crash after the close would leave it
    const unsealed = await prisma.invoice.findFirstOrThrow({ where: { contractId: contract } });
    expect(unsealed.sealedAt).toBeNull();
    const [head] = await prisma.$transaction((tx) => appendProofRecords(tx, contract, [{ kind: "memo_changed", slot: day(8, 9), at: day(14), data: { segmentId: "00000000-0000-4000-8000-000000000000", memo: "x", by: freelancer.id } }]));
    const at = new Date(CLOSE.getTime() + 7 * DAY + 3_600_000);
    const runs = await runDueJobs(at, JOBS.filter((j) => j.name === "proof-seals"));
    expect(runs).toEqual([{ name: "proof-seals", ok: true, summary: "1 invoice(s) sealed" }]);
    const sealed = signedSealOf(await prisma.invoice.findFirstOrThrow({ where: { contractId: contract } }));
    expect(sealed?.seal).toMatchObject({ seq: head!.seq, head: head!.hash, sealedAt: at.toISOString() });
    expect(await verifySeal(sealed, await publishedKeys())).toMatchObject({ ok: true });
  });
});

describe("R15.3 portal keys", () => {
  it("rotate after 90 days; a retired key signs nothing more but stays published with its window", async () => {
    const first = (await publishedKeys()).at(-1)!;
    const created = new Date(first.from);
    const message = utf8("hello");
    // not due at 89 days: nothing happens, the job says nothing
    const early = await runDueJobs(new Date(created.getTime() + 89 * DAY), JOBS.filter((j) => j.name === "portal-key-rotation"));
    expect(early).toEqual([{ name: "portal-key-rotation", ok: true, summary: "" }]);
    expect(await publishedKeys()).toEqual([first]);
    // due at 90 days: a new key, the old one retired at that instant
    const rotatedAt = new Date(created.getTime() + 90 * DAY);
    const rotation = await runDueJobs(rotatedAt, JOBS.filter((j) => j.name === "portal-key-rotation"));
    expect(rotation[0]).toMatchObject({ ok: true, summary: expect.stringMatching(/^new portal key [0-9a-f]{32}$/) });
    const keys = await publishedKeys();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toEqual({ ...first, until: rotatedAt.toISOString() });
    expect(keys[1]).toMatchObject({ alg: "Ed25519", from: rotatedAt.toISOString(), until: null });
    // signing uses the new key only
    const signed = await portalSign(message, new Date(rotatedAt.getTime() + 1000));
    expect(signed.keyId).toBe(keys[1]!.keyId);
    expect(await verifyEd25519(keys[1]!.publicKey, message, signed.sig)).toBe(true);
    expect(await verifyEd25519(keys[0]!.publicKey, message, signed.sig)).toBe(false);
    // the seals the old key made still verify against the published list
    const old = await prisma.invoice.findFirstOrThrow({ where: { sealKeyId: first.keyId } });
    expect(await verifySeal(signedSealOf(old), keys)).toMatchObject({ ok: true, key: { keyId: first.keyId } });
    // a forced rotation (npm run proof:rotate-key) makes a third; all three stay published
    const forced = await rotatePortalKey(new Date(rotatedAt.getTime() + DAY), { onlyIfDue: false });
    expect(forced.rotated).toBe(true);
    expect((await publishedKeys()).map((k) => k.keyId)).toEqual([first.keyId, keys[1]!.keyId, forced.keyId]);
    expect(await prisma.portalSigningKey.count({ where: { retiredAt: null } })).toBe(1);
  });

  it("a key that this AUTH_SECRET cannot decrypt is named, and a rotation replaces it", async () => {
    const before = process.env.AUTH_SECRET;
    // the current key (made by the forced rotation above) was never decrypted in this process; with another secret it cannot be
    process.env.AUTH_SECRET = "another-portal-auth-secret-7c1e9b2d4f6a8";
    try {
      const current = (await publishedKeys()).at(-1)!;
      await expect(portalSign(utf8("x"), new Date("2025-06-01T00:00:00Z"))).rejects.toThrow(`The portal signing key ${current.keyId} cannot be decrypted with this AUTH_SECRET`);
      const rotated = await rotatePortalKey(new Date("2025-06-01T00:00:00Z"), { onlyIfDue: false });
      expect(rotated).toMatchObject({ rotated: true, retiredKeyId: current.keyId });
      expect((await portalSign(utf8("x"), new Date("2025-06-01T00:00:01Z"))).keyId).toBe(rotated.keyId);
    } finally {
      process.env.AUTH_SECRET = before;
    }
  });

  it("the private key is stored encrypted, never as the key itself", async () => {
    const rows = await prisma.portalSigningKey.findMany();
    for (const row of rows) {
      expect(row.privateKeyEncrypted).toMatch(/^v1\./);
      expect(row.privateKeyEncrypted).not.toContain("MC4CAQAwBQYDK2Vw"); // the PKCS#8 Ed25519 prefix, base64
    }
  });

  it("two concurrent first uses make one key", async () => {
    // a database of its own, with no key yet
    const { createTestDatabase } = await import("@/tests/support/database");
    const { setDbForTests } = await import("@/lib/db/client");
    const fresh = await createTestDatabase();
    setDbForTests(fresh.prisma);
    try {
      const at = new Date("2024-07-01T00:00:00Z");
      const signatures = await Promise.all(Array.from({ length: 8 }, (_, i) => portalSign(utf8(`message ${i}`), at)));
      const keys = await publishedKeys();
      expect(keys).toHaveLength(1);
      expect(new Set(signatures.map((s) => s.keyId))).toEqual(new Set([keys[0]!.keyId]));
      for (const [i, s] of signatures.entries()) expect(await verifyEd25519(keys[0]!.publicKey, utf8(`message ${i}`), s.sig)).toBe(true);
      expect(await fresh.prisma.portalSigningKey.count()).toBe(1);
    } finally {
      setDbForTests(prisma);
      await fresh.prisma.$disconnect();
    }
  });
});
