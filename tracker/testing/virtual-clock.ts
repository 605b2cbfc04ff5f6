// A discrete-event clock for tests: sleeping jumps straight to the wake-up time,
// firing the events scheduled before it in order. Deterministic and instant.
import type { TrackerClock } from "../clock";
import type { CaptureBackend, CapturedScreen, InputKind } from "../backends/types";

export class VirtualClock implements TrackerClock {
  readonly speed = 1;
  private t: number;
  private events: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;

  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }

  now(): number {
    return this.t;
  }

  /** Run `fn` when the clock reaches `at`. */
  at(at: Date | string | number, fn: () => void): void {
    this.events.push({ at: new Date(at).getTime(), seq: this.seq++, fn });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** The computer sleeps: time moves on by `ms` without anyone looking. */
  jump(ms: number): void {
    this.t += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const target = this.t + ms;
    while (this.events.length && (this.events[0] as { at: number }).at <= target) {
      const event = this.events.shift() as { at: number; fn: () => void };
      this.t = Math.max(this.t, event.at);
      event.fn();
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return;
    }
    this.t = Math.max(this.t, target);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A backend whose input the test sends and whose screenshots are recorded. */
export class FakeBackend implements CaptureBackend {
  readonly name = "simulate" as const;
  readonly captures: Date[] = [];
  failCaptures = false;
  private onInput: ((kind: InputKind, count: number) => void) | null = null;
  stopped = false;

  async start(onInput: (kind: InputKind, count: number) => void): Promise<void> {
    this.onInput = onInput;
  }

  emit(kind: InputKind, count = 1): void {
    this.onInput?.(kind, count);
  }

  async capture(at: Date): Promise<CapturedScreen> {
    this.captures.push(at);
    if (this.failCaptures) throw new Error("no display");
    return { bytes: Buffer.from(`shot ${at.toISOString()}`), contentType: "image/jpeg" };
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}
