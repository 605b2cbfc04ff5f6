// Benchmark of the billing rules: classify and price one week for 100,000 contracts of
// 120 segments each, in memory, on one core. Prints figures; asserts nothing.
// Run: npx tsx bench/billing.bench.ts   (or import { main } and call it)
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { SLOT_MS, classifyContractWeekWithLimit, classifySlots, priceContractWeek, type WeekSegment } from "../lib/billing";

const CONTRACTS = 100_000;
const SEGMENTS = 120;
const SLOTS_PER_WEEK = (7 * 24 * 60 * 60_000) / SLOT_MS;
const WEEK_START_MS = Date.UTC(2024, 5, 3); // Monday 3 June 2024
const LIMITS_HOURS: readonly (number | null)[] = [null, 0, 10, 15, 20, 40];
const RUNS = 5;
/** The object (Date) API is measured on a slice: 12 M Date objects would only measure the heap. */
const OBJECT_API_CONTRACTS = 10_000;

type Workload = {
  slots: Float64Array;
  limitMinutes: (number | null)[];
  limitHours: (number | null)[];
  rateCents: Int32Array;
};

/** Deterministic PRNG (mulberry32) so every run classifies the same data. */
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

function buildWorkload(): Workload {
  const random = prng(20240603);
  const slots = new Float64Array(CONTRACTS * SEGMENTS);
  const limitMinutes: (number | null)[] = [];
  const limitHours: (number | null)[] = [];
  const rateCents = new Int32Array(CONTRACTS);
  for (let c = 0; c < CONTRACTS; c++) {
    // Selection sampling: 120 distinct slots of the week's 1008, already in time order.
    let chosen = 0;
    for (let k = 0; k < SLOTS_PER_WEEK && chosen < SEGMENTS; k++) {
      if (random() * (SLOTS_PER_WEEK - k) < SEGMENTS - chosen) {
        slots[c * SEGMENTS + chosen] = WEEK_START_MS + k * SLOT_MS;
        chosen++;
      }
    }
    const hours = LIMITS_HOURS[c % LIMITS_HOURS.length] ?? null;
    limitHours.push(hours);
    limitMinutes.push(hours === null ? null : hours * 60);
    rateCents[c] = 1_000 + Math.floor(random() * 19_000);
  }
  return { slots, limitMinutes, limitHours, rateCents };
}

/** The fast path: classifySlots over typed arrays, then the invoice line with both fees. Returns a checksum. */
function classifyAndPrice(w: Workload, statuses: Uint8Array): number {
  let netTotal = 0;
  for (let c = 0; c < CONTRACTS; c++) {
    const from = c * SEGMENTS;
    const minutes = classifySlots(WEEK_START_MS, w.slots.subarray(from, from + SEGMENTS), w.limitMinutes[c] ?? null, statuses);
    netTotal += priceContractWeek({ billableMinutes: minutes, hourlyRateCents: w.rateCents[c] as number }).netCents;
  }
  return netTotal;
}

/** The floor: one plain loop over the same slots, summing 10 minutes for each. */
function floorLoop(w: Workload): number {
  const slots = w.slots;
  let minutes = 0;
  for (let i = 0; i < slots.length; i++) minutes += (slots[i] as number) >= WEEK_START_MS ? 10 : 0;
  return minutes;
}

function buildObjectSlice(w: Workload): WeekSegment[][] {
  const weeks: WeekSegment[][] = [];
  for (let c = 0; c < OBJECT_API_CONTRACTS; c++) {
    const segments: WeekSegment[] = [];
    for (let i = 0; i < SEGMENTS; i++) segments.push({ slotStart: new Date(w.slots[c * SEGMENTS + i] as number), manual: i % 17 === 0 });
    weeks.push(segments);
  }
  return weeks;
}

function objectApi(w: Workload, weeks: WeekSegment[][], weekStart: Date): number {
  let netTotal = 0;
  for (let c = 0; c < weeks.length; c++) {
    const week = classifyContractWeekWithLimit({ weekStart, segments: weeks[c] as WeekSegment[], limitHours: w.limitHours[c] ?? null });
    netTotal += priceContractWeek({ billableMinutes: week.billableMinutes, hourlyRateCents: w.rateCents[c] as number }).netCents;
  }
  return netTotal;
}

/** Runs `fn` once to warm up, then RUNS times; returns every duration in seconds, sorted. */
function time(fn: () => number): { seconds: number[]; checksum: number } {
  let checksum = fn();
  const seconds: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    checksum = fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds: seconds.sort((a, b) => a - b), checksum };
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const perSecond = (segments: number, seconds: number) => segments / seconds / 1e6;

export function main(): void {
  const total = CONTRACTS * SEGMENTS;
  console.log(`billing.bench: ${CONTRACTS.toLocaleString("en-US")} contracts x ${SEGMENTS} segments = ${total.toLocaleString("en-US")} segments, one week, one core (node ${process.version})`);

  let t0 = performance.now();
  const workload = buildWorkload();
  console.log(`billing.bench: workload built in ${fmt((performance.now() - t0) / 1000, 2)} s (not timed below)`);

  const statuses = new Uint8Array(SEGMENTS);
  const fast = time(() => classifyAndPrice(workload, statuses));
  const floor = time(() => floorLoop(workload));
  const fastBest = perSecond(total, fast.seconds[0] as number);
  const fastMedian = perSecond(total, fast.seconds[Math.floor(RUNS / 2)] as number);
  const floorBest = perSecond(total, floor.seconds[0] as number);
  console.log(
    `billing.bench: classify+price (classifySlots + priceContractWeek): best ${fmt(fast.seconds[0] as number, 3)} s = ${fmt(fastBest)} M segments/s, median ${fmt(fastMedian)} M segments/s (${RUNS} runs; checksum net ${fast.checksum} cents)`,
  );
  console.log(`billing.bench: floor (plain loop summing the same minutes): best ${fmt(floor.seconds[0] as number, 3)} s = ${fmt(floorBest)} M segments/s (checksum ${floor.checksum} minutes)`);
  console.log(`billing.bench: classify+price runs at ${fmt((fastBest / floorBest) * 100)}% of the floor (floor is ${fmt(floorBest / fastBest, 2)}x faster)`);
  console.log(`billing.bench: target >= 5 M segments/s: ${fastBest >= 5 ? "met" : "NOT met"} (best ${fmt(fastBest)} M/s)`);

  t0 = performance.now();
  const weeks = buildObjectSlice(workload);
  const sliceSegments = OBJECT_API_CONTRACTS * SEGMENTS;
  console.log(`billing.bench: object API slice built in ${fmt((performance.now() - t0) / 1000, 2)} s`);
  const objects = time(() => objectApi(workload, weeks, new Date(WEEK_START_MS)));
  console.log(
    `billing.bench: object API (classifyContractWeekWithLimit with Dates, ${OBJECT_API_CONTRACTS.toLocaleString("en-US")} contracts): best ${fmt(perSecond(sliceSegments, objects.seconds[0] as number))} M segments/s, median ${fmt(perSecond(sliceSegments, objects.seconds[Math.floor(RUNS / 2)] as number))} M segments/s`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
