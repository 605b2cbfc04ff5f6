// Calendar days of the Work Diary in a time zone: which 10-minute slots (UTC, R1.2) a local day
// holds, grouped into local hours. Pure; the zone data comes from Intl (IANA names).
//
// A slot belongs to the local day and hour in which it starts. That makes DST days 23 or 25
// hours long (the repeated hour gets two rows, told apart by their UTC offset), and zones with
// :30 or :45 offsets still get six slots per local hour (at :05, :15 ... for +05:45).
import { SLOT_MS } from "@/lib/billing";
import { isDay } from "@/lib/validation/day";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** local minus UTC, in minutes (e.g. -240 for New York in summer) */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name this runtime knows (IANA, e.g. "Asia/Karachi", or "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar fields of an instant in a zone, and the zone's offset at that instant. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  if (timeZone === "UTC") {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), offsetMinutes: 0 };
  }
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  const wholeMinute = ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return { ...p, offsetMinutes: Math.round((asUtc - wholeMinute) / MINUTE_MS) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "YYYY-MM-DD" of the local day holding `ms` in `timeZone`. */
export function dayOf(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

function dayUtcMs(day: string): number {
  if (!isDay(day)) throw new Error(`Not a day: ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

/** Calendar arithmetic on "YYYY-MM-DD" (the same in every zone). */
export function addDays(day: string, days: number): string {
  return new Date(dayUtcMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** "UTC", "UTC+05:00", "UTC−04:00" (with a real minus sign). */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "UTC";
  const sign = offsetMinutes > 0 ? "+" : "\u2212";
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface LayoutCell {
  /** position in the row, 0..5: the slot's local minute / 10 */
  i: number;
  /** slot start, epoch ms (UTC) */
  slot: number;
  /** local start time, "HH:MM" */
  time: string;
}

export interface LayoutRow {
  /** local hour, "HH:00" */
  label: string;
  /** set on both rows of an hour that occurs twice (DST fall-back), e.g. "UTC−04:00" */
  note: string | null;
  cells: LayoutCell[];
}

export interface DayLayout {
  day: string;
  timeZone: string;
  /** first slot of the day (UTC ms) */
  start: number;
  /** end of the last slot of the day (exclusive, UTC ms) */
  end: number;
  /** hours in this local day: 24, or 23 / 25 on DST days */
  hours: number;
  rows: LayoutRow[];
}

const layouts = new Map<string, DayLayout>();
const LAYOUT_CACHE_SIZE = 512;

/**
 * The slots of local day `day` in `timeZone`, as rows of local hours with up to six cells each.
 * Cached: a layout depends only on (day, zone), and the diary asks for the same few days a lot.
 */
export function dayLayout(day: string, timeZone: string): DayLayout {
  const key = `${day}|${timeZone}`;
  const hit = layouts.get(key);
  if (hit) return hit;
  const layout = computeLayout(day, timeZone);
  if (layouts.size >= LAYOUT_CACHE_SIZE) layouts.delete(layouts.keys().next().value as string);
  layouts.set(key, layout);
  return layout;
}

function computeLayout(day: string, timeZone: string): DayLayout {
  const midnightUtc = dayUtcMs(day);
  // Offsets on Earth lie within -12 h .. +14 h, so the local day starts within
  // [midnightUtc - 14 h, midnightUtc + 12 h] and lasts at most 25 hours.
  const from = midnightUtc - 14 * HOUR_MS - SLOT_MS;
  const to = midnightUtc + 12 * HOUR_MS + 26 * HOUR_MS;
  const rows: LayoutRow[] = [];
  let current: (LayoutRow & { key: string }) | null = null;
  let start = Number.NaN;
  let end = Number.NaN;
  for (let slot = from - (from % SLOT_MS); slot < to; slot += SLOT_MS) {
    const p = zonedParts(slot, timeZone);
    const local = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
    if (local !== day) {
      if (!Number.isNaN(start)) break; // past the day's end
      continue;
    }
    if (Number.isNaN(start)) start = slot;
    end = slot + SLOT_MS;
    const rowKey = `${p.hour}|${p.offsetMinutes}`;
    if (!current || current.key !== rowKey) {
      current = { key: rowKey, label: `${pad(p.hour)}:00`, note: offsetLabel(p.offsetMinutes), cells: [] };
      rows.push(current);
    }
    current.cells.push({ i: Math.floor(p.minute / 10), slot, time: `${pad(p.hour)}:${pad(p.minute)}` });
  }
  if (Number.isNaN(start)) throw new Error(`No slots found for ${day} in ${timeZone}`);
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.label, (seen.get(r.label) ?? 0) + 1);
  const cleaned: LayoutRow[] = rows.map((r) => ({ label: r.label, note: (seen.get(r.label) ?? 0) > 1 ? r.note : null, cells: r.cells }));
  return { day, timeZone, start, end, hours: Math.round((end - start) / HOUR_MS), rows: cleaned };
}

/** "HH:MM" of an instant in a zone. */
export function localTime(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}
