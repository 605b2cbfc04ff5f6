// The tracker's clock. Real time normally; in --simulate it can run faster
// (a speed-up factor) from a chosen start, so demos and tests see many slots
// in a few seconds. Sleeps are in the clock's own time.
export interface TrackerClock {
  now(): number;
  /** resolves after `ms` of this clock's time, or early (without error) when `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  readonly speed: number;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export function realClock(): TrackerClock {
  return { now: () => Date.now(), sleep: realSleep, speed: 1 };
}

/** Starts at `startMs` and runs `speed` times faster than real time. */
export function scaledClock(startMs: number, speed: number, realNow: () => number = Date.now): TrackerClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error("The speed-up factor must be a positive number.");
  const realStart = realNow();
  return {
    speed,
    now: () => startMs + Math.floor((realNow() - realStart) * speed),
    sleep: (ms, signal) => realSleep(ms / speed, signal),
  };
}

export { realSleep };
