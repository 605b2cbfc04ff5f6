// One tracking run for one contract (R2.1): for every 10-minute slot it runs
// through, one screenshot at a uniformly random moment of the slot, and
// keyboard and mouse counts per minute. The rules come from lib/billing, so
// the tracker and the portal agree on slots, moments and idleness.
import { randomUUID } from "node:crypto";
import { SLOT_MS, activityLevel, isSlotRecorded, screenshotMoment, slotStartOf, trackerShouldStop } from "../lib/billing";
import { RULES } from "../lib/config/rules";
import type { SegmentFieldsInput } from "../lib/validation/tracker";
import type { TrackerClock } from "./clock";
import type { StopReason } from "./config";
import type { CaptureBackend, CapturedScreen, InputKind } from "./backends/types";

const MINUTES = RULES.tracking.minutesPerSlot;

export interface RecordedSegment {
  fields: SegmentFieldsInput & { memo: string };
  screenshot: CapturedScreen;
}

export interface SessionStop {
  reason: StopReason;
  /** the tracker's clock when tracking ended */
  at: number;
  message: string;
}

export interface SessionSnapshot {
  slotStart: number;
  screenshotDue: number;
  screenshotTaken: boolean;
  clockAt: number;
  /** the memo the current slot carries (a change with setMemo applies from the next slot) */
  slotMemo: string;
  /** the memo the next slot will carry */
  memo: string;
  /** the current slot's per-minute counts so far */
  keyboard: number[];
  mouse: number[];
  /** the freelancer deleted this slot's screenshot: the slot is not sent (R2.3) */
  discarded: boolean;
}

/** A screenshot just taken, for the window's preview. */
interface ShotTaken {
  slotStart: number;
  jpeg: CapturedScreen;
  takenAt: number;
}

export interface SessionOptions {
  contractId: string;
  memo: string;
  clock: TrackerClock;
  backend: CaptureBackend;
  /** called for every slot that is recorded; awaited in slot order */
  record: (segment: RecordedSegment) => Promise<void>;
  log?: (line: string) => void;
  onSnapshot?: (snapshot: SessionSnapshot) => void;
  /** called once the capture backend runs (tracking has really begun) */
  onStarted?: () => void;
  /** called with every screenshot once it is taken */
  onShot?: (shot: ShotTaken) => void;
  /** uniform [0, 1) source for screenshot moments (R2.1) */
  random?: () => number;
  /** R2.4 minutes without input before the tracker stops itself */
  idleMinutes?: number;
  /** how often the loop looks at the clock, in the clock's time */
  tickMs?: number;
  /** a jump of the clock larger than this means the computer slept */
  sleepGapMs?: number;
}

interface OpenSlot {
  start: number;
  segmentId: string;
  /** R2.1 the slot's screenshot moment */
  shotAt: number;
  keyboard: number[];
  mouse: number[];
  /** Choice: each slot keeps the memo it opened with, as in Upwork; setMemo applies from the next slot. */
  memo: string;
  discarded: boolean;
  /** set once the screenshot moment was reached while tracking ran */
  shot: Promise<{ screen: CapturedScreen; takenAt: number } | null> | null;
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export class TrackingSession {
  private readonly clock: TrackerClock;
  private readonly random: () => number;
  private readonly idleMinutes: number;
  private readonly tickMs: number;
  private readonly sleepGapMs: number;
  private readonly log: (line: string) => void;
  private readonly abort = new AbortController();
  private memo: string;
  private startedAt = 0;
  private lastInputAt = 0;
  private lastTick = 0;
  private slot: OpenSlot | null = null;
  /**
   * Choice: finished slots without any input are kept back until input shows the person is still
   * there (then they are sent, as low-activity time) or the idle stop drops them (R2.4).
   */
  private held: OpenSlot[] = [];
  private stopRequest: StopReason | null = null;
  private ended: SessionStop | null = null;
  /** records run one after another, in slot order */
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SessionOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? Math.random;
    this.idleMinutes = opts.idleMinutes ?? RULES.tracking.inactivityStopMinutes;
    this.tickMs = opts.tickMs ?? 1_000;
    // Choice: a jump of more than 2 minutes of real time (or 30 s of real time at a sped-up clock)
    // between two looks at the clock means the computer slept; tracking stops at the last look.
    this.sleepGapMs = opts.sleepGapMs ?? Math.max(2 * 60_000, 30_000 * this.clock.speed);
    this.log = opts.log ?? (() => undefined);
    this.memo = opts.memo;
  }

  /** The memo for the slots that start from now on; the running slot keeps its own. */
  setMemo(memo: string): void {
    this.memo = memo;
  }

  /**
   * The freelancer deletes the screenshot of the slot starting at `slotStart` before that slot ends:
   * the slot is then not sent and not paid, its activity dropped with it (R2.3). False when that slot
   * is no longer the running one or has no screenshot yet.
   */
  discardScreenshot(slotStart: number): boolean {
    const slot = this.slot;
    if (this.ended || !slot || slot.start !== slotStart || !slot.shot) return false;
    if (!slot.discarded) this.log(`The screenshot of the ${hhmm(slot.start)} slot was deleted; that slot is not recorded (R2.3).`);
    slot.discarded = true;
    return true;
  }

  /** The running slot as the window shows it; null before run() and after the end. */
  current(): SessionSnapshot | null {
    return this.slot && !this.ended ? this.snapshot(this.clock.now()) : null;
  }

  /** Ask a running session to stop (e.g. on `tracker stop`); run() then resolves. */
  stop(reason: StopReason = "stopped"): void {
    this.stopRequest ??= reason;
    this.abort.abort();
  }

  /** Tracks until stopped, idle for too long, or asleep; resolves once every recorded slot is handed over. */
  async run(): Promise<SessionStop> {
    const start = this.clock.now();
    this.startedAt = start;
    this.lastInputAt = start;
    this.lastTick = start;
    this.slot = this.openSlot(slotStartOf(new Date(start)).getTime());
    await this.opts.backend.start((kind, count) => this.onInput(kind, count));
    this.opts.onStarted?.();
    try {
      while (!this.ended) {
        const t = this.clock.now();
        if (t - this.lastTick > this.sleepGapMs) {
          this.finish(this.lastTick, "asleep");
          break;
        }
        this.lastTick = t;
        const stopping = this.stopRequest ?? (trackerShouldStop(new Date(this.lastInputAt), new Date(t), this.idleMinutes) ? "idle" : null);
        if (stopping) {
          // Tracking covered [start, t): nothing happens at the stopping instant itself.
          this.advance(t - 1);
          this.finish(t, stopping);
          break;
        }
        this.advance(t);
        this.opts.onSnapshot?.(this.snapshot(t));
        const slot = this.slot as OpenSlot;
        const wakeAt = Math.min(
          slot.shot ? Infinity : slot.shotAt,
          slot.start + SLOT_MS,
          this.lastInputAt + this.idleMinutes * 60_000,
          t + this.tickMs,
        );
        await this.clock.sleep(Math.max(1, wakeAt - t), this.abort.signal);
      }
    } finally {
      await this.opts.backend.stop().catch((e: unknown) => this.log(`Could not stop the capture backend: ${(e as Error).message}`));
    }
    await this.work;
    return this.ended as SessionStop;
  }

  private snapshot(t: number): SessionSnapshot {
    const slot = this.slot as OpenSlot;
    return {
      slotStart: slot.start,
      screenshotDue: slot.shotAt,
      screenshotTaken: slot.shot !== null,
      clockAt: t,
      slotMemo: slot.memo,
      memo: this.memo,
      keyboard: [...slot.keyboard],
      mouse: [...slot.mouse],
      discarded: slot.discarded,
    };
  }

  private openSlot(start: number): OpenSlot {
    return {
      start,
      segmentId: randomUUID(),
      shotAt: screenshotMoment(new Date(start), this.random()).getTime(),
      keyboard: new Array<number>(MINUTES).fill(0),
      mouse: new Array<number>(MINUTES).fill(0),
      memo: this.memo,
      discarded: false,
      shot: null,
    };
  }

  /** Takes a due screenshot and closes every slot that has ended by `t`. */
  private advance(t: number): void {
    for (;;) {
      const slot = this.slot as OpenSlot;
      // Choice: the moment is drawn over the whole slot even when tracking started inside it; a
      // moment before the start is never reached, so that slot is not recorded (R2.3). In
      // expectation the paid time then equals the tracked time.
      // (A moment overslept by the loop is taken at once, dated when taken but never past the slot's end.)
      if (!slot.shot && t >= slot.shotAt && slot.shotAt >= this.startedAt) this.takeShot(slot, Math.min(t, slot.start + SLOT_MS - 1));
      if (t < slot.start + SLOT_MS) return;
      this.closeSlot(slot);
      this.slot = this.openSlot(slot.start + SLOT_MS);
    }
  }

  private takeShot(slot: OpenSlot, at: number): void {
    slot.shot = this.opts.backend.capture(new Date(at)).then(
      (screen) => {
        this.opts.onShot?.({ slotStart: slot.start, jpeg: screen, takenAt: at });
        return { screen, takenAt: at };
      },
      (error: unknown) => {
        // Choice: a failed capture means no screenshot, so the slot is not recorded (R2.3).
        this.log(`Screenshot for the ${hhmm(slot.start)} slot failed (${(error as Error).message}); that slot will not be recorded.`);
        return null;
      },
    );
  }

  private closeSlot(slot: OpenSlot): void {
    if (!slot.shot) {
      this.log(`The ${hhmm(slot.start)} slot is not recorded: tracking did not run at its screenshot moment (R2.3).`);
      return;
    }
    if (slot.discarded) {
      // The person was there (any input still shows it), but this slot itself is not sent.
      if (activityLevel(slot.keyboard, slot.mouse) > 0) this.releaseHeld();
      return;
    }
    if (activityLevel(slot.keyboard, slot.mouse) > 0) {
      this.releaseHeld();
      this.enqueue(slot);
    } else {
      this.held.push(slot);
    }
  }

  private releaseHeld(): void {
    for (const slot of this.held.splice(0)) this.enqueue(slot);
  }

  private onInput(kind: InputKind, count: number): void {
    if (this.ended || count <= 0) return;
    const t = this.clock.now();
    if (this.slot && t >= this.slot.start + SLOT_MS) this.advance(t);
    const slot = this.slot as OpenSlot;
    const minute = Math.min(MINUTES - 1, Math.max(0, Math.floor((t - slot.start) / 60_000)));
    const counts = kind === "keyboard" ? slot.keyboard : slot.mouse;
    counts[minute] = (counts[minute] ?? 0) + count;
    this.lastInputAt = t;
    // The person is back before the idle limit: the quiet slots before were real (low-activity) time.
    this.releaseHeld();
  }

  private finish(at: number, reason: StopReason): void {
    if (this.ended) return;
    const slot = this.slot as OpenSlot;
    // R2.3 on any stop, a contract switch included: the running slot counts only if its screenshot was taken (and kept).
    const shotReached = slot.shot !== null && !slot.discarded && isSlotRecorded(new Date(slot.shotAt), new Date(at));
    let message: string;
    if (reason === "idle") {
      // R2.4 the idle slots are not sent: slots without input since the last input are dropped.
      const dropped = this.held.splice(0).length + (shotReached && activityLevel(slot.keyboard, slot.mouse) === 0 ? 1 : 0);
      if (shotReached && activityLevel(slot.keyboard, slot.mouse) > 0) this.enqueue(slot);
      message =
        `Tracking stopped by itself at ${hhmm(at)} UTC after ${this.idleMinutes} minute${this.idleMinutes === 1 ? "" : "s"} without keyboard or mouse input` +
        (dropped ? `; ${dropped} idle slot${dropped === 1 ? " was" : "s were"} not recorded.` : ".") +
        " Start it again when you are back.";
    } else {
      this.releaseHeld();
      if (shotReached) this.enqueue(slot);
      else if (!slot.discarded) this.log(`The ${hhmm(slot.start)} slot is not recorded: tracking stopped before its screenshot moment (R2.3).`);
      message = reason === "asleep" ? `Tracking stopped at ${hhmm(at)} UTC because the computer was asleep.` : `Tracking stopped at ${hhmm(at)} UTC.`;
    }
    this.ended = { reason, at, message };
  }

  private enqueue(slot: OpenSlot): void {
    const shot = slot.shot;
    if (!shot || slot.discarded) return;
    this.work = this.work.then(async () => {
      const taken = await shot;
      if (!taken) return;
      await this.opts.record({
        fields: {
          segmentId: slot.segmentId,
          contractId: this.opts.contractId,
          slotStart: new Date(slot.start).toISOString(),
          screenshotTakenAt: new Date(taken.takenAt).toISOString(),
          keyboardCounts: [...slot.keyboard],
          mouseCounts: [...slot.mouse],
          memo: slot.memo,
        },
        screenshot: taken.screen,
      });
    }).catch((error: unknown) => this.log(`Could not queue the ${hhmm(slot.start)} slot: ${(error as Error).message}`));
  }
}
