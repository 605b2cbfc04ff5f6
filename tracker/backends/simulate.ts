// --simulate: a synthetic screen (time, contract and memo drawn on it) and
// synthetic keyboard and mouse activity, on the tracker's (possibly sped-up)
// clock. For demos and load tests; nothing is read from the real desktop.
import { syntheticScreenJpeg } from "./synthetic-screen";
import type { TrackerClock } from "../clock";
import type { CaptureBackend, InputKind } from "./types";

export interface SimulateOptions {
  clock: TrackerClock;
  contractTitle: string;
  memo: string;
  random?: () => number;
  /** the simulated person stops touching the computer after this many minutes (to show the idle stop) */
  idleAfterMinutes?: number;
  /** share of minutes with any input (default 0.85) */
  busyShare?: number;
  /** screenshot size (default 1280x800) */
  width?: number;
  height?: number;
}

const TICK_MS = 10_000;

export function simulateBackend(opts: SimulateOptions): CaptureBackend {
  const random = opts.random ?? Math.random;
  const busyShare = opts.busyShare ?? 0.85;
  const abort = new AbortController();
  let loop: Promise<void> | undefined;
  let shots = 0;

  return {
    name: "simulate",
    async start(onInput: (kind: InputKind, count: number) => void) {
      const startedAt = opts.clock.now();
      let minute = -1;
      let busy = false;
      loop = (async () => {
        while (!abort.signal.aborted) {
          const t = opts.clock.now();
          const idle = opts.idleAfterMinutes !== undefined && t - startedAt >= opts.idleAfterMinutes * 60_000;
          const m = Math.floor(t / 60_000);
          if (m !== minute) {
            minute = m;
            busy = random() < busyShare;
          }
          if (busy && !idle) {
            onInput("keyboard", Math.floor(random() * 40));
            onInput("mouse", 1 + Math.floor(random() * 20));
          }
          await opts.clock.sleep(TICK_MS, abort.signal);
        }
      })();
    },
    async capture(at: Date) {
      const bytes = await syntheticScreenJpeg({ at, contractTitle: opts.contractTitle, memo: opts.memo, seed: shots++ }, { width: opts.width, height: opts.height });
      return { bytes, contentType: "image/jpeg" };
    },
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
