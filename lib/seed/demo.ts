// The demo: one admin, two clients, three freelancers, four contracts (one with
// a weekly limit, one with manual time, one with a weekly payment, one paused),
// and two weeks of segments with real generated screenshots, relative to `now`.
// Deterministic for a given `now` (seeded PRNG), so tests can rely on it.
import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { blobStore } from "@/lib/storage";
import { processScreenshot } from "@/lib/screenshots/process";
import { syntheticScreenshot } from "@/lib/screenshots/synthetic";
import { activityLevel, slotStartOf, weekStartOf } from "@/lib/billing";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "./demo-accounts";

export { DEMO_PASSWORD, DEMO_USERS };

type UserKey = DemoUserKey;

interface DemoContract {
  key: string;
  title: string;
  client: UserKey;
  freelancer: UserKey;
  rateCents: number;
  limitHours: number | null;
  manual: boolean;
  weeklyPaymentCents: number;
  paused: boolean;
  /** UTC working blocks [startHour, endHour) on weekdays */
  blocks: Array<[number, number]>;
  memos: string[];
}

export const DEMO_CONTRACTS: DemoContract[] = [
  { key: "mobile", title: "Mobile app development", client: "clara", freelancer: "fiona", rateCents: 4500, limitHours: 20, manual: false, weeklyPaymentCents: 0, paused: false,
    blocks: [[4, 8], [9, 11]], memos: ["Login screen", "Push notifications", "Offline sync", "Code review"] },
  { key: "data", title: "Data cleanup", client: "clara", freelancer: "felix", rateCents: 2222, limitHours: null, manual: true, weeklyPaymentCents: 0, paused: false,
    blocks: [[8, 11]], memos: ["Deduplicating customers", "Address normalisation"] },
  { key: "support", title: "Support retainer", client: "carl", freelancer: "farah", rateCents: 3000, limitHours: 10, manual: false, weeklyPaymentCents: 50_000, paused: false,
    blocks: [[13, 15]], memos: ["Ticket queue", "Knowledge base"] },
  { key: "logo", title: "Logo refresh", client: "carl", freelancer: "fiona", rateCents: 6000, limitHours: 5, manual: false, weeklyPaymentCents: 0, paused: true,
    blocks: [[12, 13]], memos: ["Sketches", "Colour variants"] },
];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedResult {
  users: Record<UserKey, string>;
  contracts: Record<string, string>;
  segments: number;
  screenshots: number;
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export async function seedDemo(prisma: PrismaClient, now: Date, opts: { log?: (line: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => undefined);
  const random = prng(20240603);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const thisWeek = weekStartOf(now);
  const lastWeek = new Date(thisWeek.getTime() - 7 * 86_400_000);
  // Clients are verified before the demo's bonus, which is paid 8 days before now (lib/seed/demo-money.ts): on a
  // Monday, last week's Monday is later than that, and payBonus refused an unverified client, so
  // `npm run dev` failed to seed on Mondays. Midweek (the e2e clock) this is still last Monday.
  const verifiedAt = new Date(Math.min(lastWeek.getTime(), now.getTime() - 8 * 86_400_000 - 3_600_000));

  const users = {} as Record<UserKey, string>;
  for (const [key, u] of Object.entries(DEMO_USERS) as Array<[UserKey, (typeof DEMO_USERS)[UserKey]]>) {
    const row = await prisma.user.create({
      data: {
        email: u.email, name: u.name, role: u.role, timezone: u.timezone, passwordHash, createdAt: verifiedAt, emailConfirmedAt: verifiedAt,
        paymentVerifiedAt: "verified" in u && u.verified ? verifiedAt : null,
      },
    });
    users[key] = row.id;
  }
  // R14.1 verified demo clients hold a verified sandbox card (4242) as default, so their weekly charges go through
  const { addVerifiedSandboxCard } = await import("@/lib/client-billing/sandbox-seed");
  for (const [key, u] of Object.entries(DEMO_USERS) as Array<[UserKey, (typeof DEMO_USERS)[UserKey]]>) {
    if (u.role === "CLIENT" && "verified" in u && u.verified) await addVerifiedSandboxCard(prisma, users[key], { at: verifiedAt });
  }

  const contracts: Record<string, string> = {};
  const pending: Array<{ contractId: string; title: string; slot: Date; memo: string; manual: boolean; seed: number }> = [];
  for (const c of DEMO_CONTRACTS) {
    const startsAt = new Date(lastWeek.getTime() - 14 * 86_400_000);
    const contract = await prisma.contract.create({
      data: {
        title: c.title, clientId: users[c.client], freelancerId: users[c.freelancer], createdById: users.admin,
        status: c.paused ? "PAUSED" : "ACTIVE", hourlyRateCents: c.rateCents, manualTimeAllowed: c.manual,
        weeklyPaymentCents: c.weeklyPaymentCents, startsAt, createdAt: startsAt,
        limitChanges: { create: { limitMinutes: c.limitHours === null ? null : c.limitHours * 60, requestedAt: startsAt, effectiveFrom: startsAt, requestedById: users[c.client] } },
        conversation: { create: { createdAt: startsAt } },
      },
      include: { conversation: true },
    });
    contracts[c.key] = contract.id;

    // Paused since Wednesday of last week: its segments stop there.
    const pausedAt = new Date(lastWeek.getTime() + 2 * 86_400_000 + 12 * 3_600_000);
    if (c.paused) {
      await prisma.contractPause.create({ data: { contractId: contract.id, startedAt: pausedAt, reason: "Client paused the contract" } });
    }

    for (let day = 0; day < 14; day++) {
      const dayStart = new Date(lastWeek.getTime() + day * 86_400_000);
      if (dayStart.getUTCDay() === 0 || dayStart.getUTCDay() === 6) continue;
      for (const [from, to] of c.blocks) {
        for (let t = dayStart.getTime() + from * 3_600_000; t < dayStart.getTime() + to * 3_600_000; t += 600_000) {
          const slot = slotStartOf(new Date(t));
          if (slot.getTime() + 600_000 > now.getTime()) continue; // only finished slots
          if (c.paused && slot >= pausedAt) continue;
          if (random() < 0.08) continue; // breaks leave gaps
          const memo = c.memos[Math.floor((day * 3 + from) / 2) % c.memos.length] as string;
          const manual = c.manual && random() < 0.15;
          pending.push({ contractId: contract.id, title: c.title, slot, memo, manual, seed: Math.floor(random() * 1000) });
        }
      }
    }

    if (contract.conversation) {
      const opener = new Date(lastWeek.getTime() + 9 * 3_600_000);
      await prisma.message.createMany({
        data: [
          { conversationId: contract.conversation.id, senderId: users[c.client], body: `Welcome aboard! Let's start with: ${c.memos[0]}.`, createdAt: opener },
          { conversationId: contract.conversation.id, senderId: users[c.freelancer], body: "Thanks, starting today. I'll keep the memo up to date.", createdAt: new Date(opener.getTime() + 20 * 60_000) },
        ],
      });
    }
  }

  let screenshots = 0;
  const store = blobStore();
  log(`Generating ${pending.length} demo segments with screenshots…`);
  await pool(pending, 4, async (p) => {
    const id = randomUUID();
    if (p.manual) {
      await prisma.segment.create({
        data: { id, contractId: p.contractId, slotStart: p.slot, kind: "MANUAL", memo: `${p.memo} (call with client)`, keyboardCounts: [], mouseCounts: [], activityLevel: 0, contentHash: createHash("sha256").update(id).digest("hex") },
      });
      return;
    }
    // Mostly busy minutes, some quiet slots so the diary shows yellow cells too.
    const quiet = random() < 0.15;
    const keyboard = Array.from({ length: 10 }, () => (quiet ? (random() < 0.2 ? Math.floor(random() * 5) : 0) : Math.floor(random() * 120)));
    const mouse = Array.from({ length: 10 }, () => (quiet ? 0 : Math.floor(random() * 60)));
    const takenAt = new Date(p.slot.getTime() + Math.floor(random() * 600_000));
    const processed = await processScreenshot(await syntheticScreenshot({ at: takenAt, contractTitle: p.title, memo: p.memo, seed: p.seed }));
    const key = `screenshots/${p.contractId}/${id}`;
    await store.put(`${key}.jpg`, processed.full, "image/jpeg");
    await store.put(`${key}.webp`, processed.thumb, "image/webp");
    await prisma.segment.create({
      data: {
        id, contractId: p.contractId, slotStart: p.slot, kind: "TRACKED", memo: p.memo, keyboardCounts: keyboard, mouseCounts: mouse,
        activityLevel: activityLevel(keyboard, mouse), contentHash: createHash("sha256").update(`${id}`).digest("hex"),
        screenshot: { create: { takenAt, storageKey: `${key}.jpg`, thumbKey: `${key}.webp`, width: processed.width, height: processed.height, bytes: processed.full.length, thumbBytes: processed.thumb.length } },
      },
    });
    screenshots++;
  });

  // R15.2 the demo's time gets its proof chain before its weeks are closed and sealed (lib/proof/backfill.ts)
  const { backfillProofRecords } = await import("@/lib/proof/backfill");
  const records = await backfillProofRecords(prisma);
  log(`Demo proof chain: ${records} records.`);

  // Money: weeks closed through the ledger services, and a withdrawable balance for fiona.
  const { seedDemoMoney } = await import("./demo-money");
  await seedDemoMoney(prisma, now, { clara: users.clara, fiona: users.fiona, mobileContract: contracts.mobile as string });
  log("Demo money: weeks closed, fiona has an available balance and an ACH payout method.");
  const { seedDemoNotifications } = await import("./demo-notifications");
  await seedDemoNotifications(prisma, { carl: users.carl, clara: users.clara, fiona: users.fiona }, { logo: contracts.logo as string, mobile: contracts.mobile as string, data: contracts.data as string });
  log("Demo notifications: a few in the bell, their emails in the outbox.");

  return { users, contracts, segments: pending.length, screenshots };
}
