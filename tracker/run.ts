// The tracker process: tracks one contract, queues each recorded slot on disk
// and delivers the queue in the background; after tracking stops it keeps
// delivering for a while (until the queue is empty when it stopped by itself).
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { PortalClient } from "./api-client";
import { realClock, scaledClock, type TrackerClock } from "./clock";
import { loadConfig, paths, saveState, type TrackerState } from "./config";
import { SegmentQueue } from "./queue";
import { Sender } from "./sender";
import { TrackingSession, type SessionStop } from "./session";
import { simulateBackend } from "./backends/simulate";
import { x11Backend } from "./backends/x11";
import type { CaptureBackend } from "./backends/types";

export interface RunOptions {
  dir: string;
  contractId: string;
  contractTitle: string;
  memo: string;
  simulate?: { speed: number; fromMs: number; idleAfterMinutes?: number; width?: number; height?: number };
  /** after a `stop`, how long (real time) to keep delivering before exiting */
  stopGraceMs?: number;
  log: (line: string) => void;
  /** aborted by SIGTERM/SIGINT: stop tracking; aborted again (second signal): stop delivering too */
  stop: AbortSignal;
  exitNow: AbortSignal;
}

/** Choice: a stopped-by-itself tracker also tells the desktop, when notify-send is there; failing that, the log and `status` say it. */
function notifyDesktop(message: string): void {
  try {
    const child = spawn("notify-send", ["Hourglass tracker", message], { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // no notifier: the log and `status` carry the message
  }
}

function portalClient(dir: string): PortalClient | null {
  const config = loadConfig(dir);
  return config ? new PortalClient(config.portalUrl, config.token) : null;
}

export async function runTracker(opts: RunOptions): Promise<SessionStop & { started: boolean }> {
  const p = paths(opts.dir);
  const clock: TrackerClock = opts.simulate ? scaledClock(opts.simulate.fromMs, opts.simulate.speed) : realClock();
  const backend: CaptureBackend = opts.simulate
    ? simulateBackend({ clock, contractTitle: opts.contractTitle, memo: opts.memo, idleAfterMinutes: opts.simulate.idleAfterMinutes, width: opts.simulate.width, height: opts.simulate.height })
    : x11Backend({ log: opts.log });
  const queue = new SegmentQueue(p.queue, p.rejected);
  queue.cleanup();

  const state: TrackerState = {
    pid: process.pid,
    running: false,
    contractId: opts.contractId,
    contractTitle: opts.contractTitle,
    memo: opts.memo,
    backend: backend.name,
    speed: clock.speed,
    startedAt: new Date(clock.now()).toISOString(),
  };
  const write = () => saveState(state, opts.dir);

  const sender = new Sender({
    queue,
    client: () => portalClient(opts.dir),
    log: opts.log,
    journalFile: p.journal,
    retryMaxMs: Number(process.env.HOURGLASS_TRACKER_RETRY_MAX_MS ?? 5 * 60_000),
    onDelivered: (item, status) => {
      state.lastDelivery = { at: new Date().toISOString(), segmentId: item.fields.segmentId, status };
      state.lastError = undefined;
      write();
    },
    onProblem: (why) => {
      if ((state.lastError ?? null) === why) return;
      state.lastError = why ?? undefined;
      write();
    },
  });
  const delivering = new AbortController();
  const delivery = sender.run(delivering.signal);

  let lastWrite = 0;
  const session = new TrackingSession({
    contractId: opts.contractId,
    memo: opts.memo,
    clock,
    backend,
    log: opts.log,
    record: async (segment) => {
      await queue.add(segment);
      appendFileSync(p.journal, `${new Date().toISOString()} recorded ${segment.fields.segmentId} ${segment.fields.slotStart}\n`);
      opts.log(`Recorded the ${segment.fields.slotStart.slice(11, 16)} UTC slot; ${queue.size()} queued for delivery.`);
      sender.notify();
    },
    onStarted: () => {
      state.running = true;
      write();
    },
    onSnapshot: (snap) => {
      if (Date.now() - lastWrite < 500) return;
      lastWrite = Date.now();
      // Choice: the state never holds the screenshot moment ahead of time, only whether it happened.
      state.clockAt = new Date(snap.clockAt).toISOString();
      state.currentSlot = { slotStart: new Date(snap.slotStart).toISOString(), screenshotTaken: snap.screenshotTaken };
      write();
    },
  });
  const onStop = () => session.stop("stopped");
  opts.stop.addEventListener("abort", onStop, { once: true });
  if (opts.stop.aborted) onStop();

  let result: SessionStop;
  try {
    result = await session.run();
  } catch (error) {
    result = { reason: "error", at: clock.now(), message: `Tracking stopped: ${(error as Error).message}` };
  }
  const started = state.running;
  opts.log(result.message);
  if (result.reason !== "stopped") notifyDesktop(result.message);
  Object.assign(state, { running: false, stoppedAt: new Date(result.at).toISOString(), stopReason: result.reason, message: result.message, currentSlot: undefined });
  state.delivering = queue.size() > 0;
  write();

  // Choice: after a user's `stop` the queue gets 10 more seconds; a tracker that stopped by itself
  // delivers until the queue is empty (or until a `stop`, plus the same 10 s). A second signal ends either at once.
  delivering.abort();
  await delivery;
  const finalDelivery = new AbortController();
  const end = () => finalDelivery.abort();
  let grace: ReturnType<typeof setTimeout> | undefined;
  const startGrace = () => {
    grace ??= setTimeout(end, opts.stopGraceMs ?? 10_000);
  };
  opts.exitNow.addEventListener("abort", end, { once: true });
  if (opts.stop.aborted) startGrace();
  else opts.stop.addEventListener("abort", startGrace, { once: true });
  await sender.run(finalDelivery.signal, { untilEmpty: true });
  clearTimeout(grace);
  state.delivering = false;
  write();
  if (queue.size() > 0) opts.log(`${queue.size()} segment(s) are still queued; they are sent at the next start or with \`npm run tracker -- sync\`.`);
  return { ...result, started };
}
