// The tracker process: tracks one contract, queues each recorded slot on disk
// and delivers the queue in the background; after tracking stops it keeps
// delivering for a while (until the queue is empty when it stopped by itself).
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { PortalClient } from "./api-client";
import { realClock, scaledClock, type TrackerClock } from "./clock";
import { loadConfig, paths, saveState, type TrackerState } from "./config";
import { EventsOutbox } from "./events-outbox";
import { SegmentQueue, type QueuedSegment } from "./queue";
import { Sender } from "./sender";
import { SegmentSigner } from "./signing";
import { TrackingSession, type SessionOptions, type SessionSnapshot, type SessionStop } from "./session";
import { simulateBackend } from "./backends/simulate";
import { x11Backend } from "./backends/x11";
import type { CaptureBackend } from "./backends/types";

/** What one tracking run needs, from the CLI's `start` or from the window. */
export interface TrackingSetup {
  contractId: string;
  contractTitle: string;
  memo: string;
  simulate?: { speed: number; fromMs: number; idleAfterMinutes?: number; width?: number; height?: number };
  /** R2.4 minutes without input before tracking stops itself (any backend) */
  idleMinutes?: number;
  /** which screen the X11 backend captures: the monitor under the pointer, or all of them */
  monitors?: "pointer" | "all";
  /** test mode: a clock `speed` times faster from `fromMs`, with the real X11 backend */
  testClock?: { speed: number; fromMs: number };
  /** a clock to use instead of one made for this run (the window keeps one test clock across its runs) */
  clock?: TrackerClock;
  log: (line: string) => void;
}

export interface RunOptions extends TrackingSetup {
  dir: string;
  /** after a `stop`, how long (real time) to keep delivering before exiting */
  stopGraceMs?: number;
  log: (line: string) => void;
  /** aborted by SIGTERM/SIGINT: stop tracking; aborted again (second signal): stop delivering too */
  stop: AbortSignal;
  exitNow: AbortSignal;
}

/** Choice: a stopped-by-itself tracker also tells the desktop, when notify-send is there; failing that, the log and `status` say it. */
export function notifyDesktop(message: string, args: string[] = []): void {
  try {
    const child = spawn("notify-send", [...args, "Hourglass tracker", message], { stdio: "ignore", detached: true });
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

/** A tracking session with its clock and capture backend, as the setup asks. */
export function createSession(
  setup: TrackingSetup,
  hooks: Pick<SessionOptions, "record" | "onStarted" | "onSnapshot" | "onShot">,
): { session: TrackingSession; clock: TrackerClock; backend: CaptureBackend } {
  const timing = setup.simulate ?? setup.testClock;
  const clock: TrackerClock = setup.clock ?? (timing ? scaledClock(timing.fromMs, timing.speed) : realClock());
  // The X11 options go in as a variable: `monitors` is honoured by the backend that knows it.
  const x11Options = { log: setup.log, now: () => clock.now(), monitors: setup.monitors };
  const backend: CaptureBackend = setup.simulate
    ? simulateBackend({ clock, contractTitle: setup.contractTitle, memo: setup.memo, idleAfterMinutes: setup.simulate.idleAfterMinutes, width: setup.simulate.width, height: setup.simulate.height })
    : x11Backend(x11Options);
  const session = new TrackingSession({ contractId: setup.contractId, memo: setup.memo, clock, backend, log: setup.log, idleMinutes: setup.idleMinutes, ...hooks });
  return { session, clock, backend };
}

/** The queue in the config folder, and a sender that delivers it with the stored login. */
export function deliveryFor(
  dir: string,
  log: (line: string) => void,
  hooks: { onDelivered?: (item: QueuedSegment, status: number) => void; onProblem?: (why: string | null) => void },
): {
  queue: SegmentQueue;
  events: EventsOutbox;
  sender: Sender;
  signer: SegmentSigner;
  record: SessionOptions["record"];
  stoppedByItself: (contractId: string, stop: SessionStop) => void;
} {
  const p = paths(dir);
  const queue = new SegmentQueue(p.queue, p.rejected);
  queue.cleanup();
  const events = new EventsOutbox(path.join(dir, "events"));
  const signer = new SegmentSigner(dir);
  const sender = new Sender({
    queue,
    events,
    signer,
    client: () => portalClient(dir),
    log,
    journalFile: p.journal,
    retryMaxMs: Number(process.env.HOURGLASS_TRACKER_RETRY_MAX_MS ?? 5 * 60_000),
    ...hooks,
  });
  const record: SessionOptions["record"] = async (segment) => {
    // R15.1 signed as it is queued (over the exact JPEG bytes queued), so the queue survives restarts signed
    await queue.add({ ...segment, ...signer.signNew(segment.fields, segment.screenshot.bytes) });
    appendFileSync(p.journal, `${new Date().toISOString()} recorded ${segment.fields.segmentId} ${segment.fields.slotStart}\n`);
    log(`Recorded the ${segment.fields.slotStart.slice(11, 16)} UTC slot; ${queue.size()} queued for delivery.`);
    sender.notify();
  };
  /** R16.4 an idle stop is owed to the portal (which tells the freelancer): on disk first, then sent after the segments. */
  const stoppedByItself = (contractId: string, stop: SessionStop) => {
    if (stop.reason !== "idle") return;
    events.add({ kind: "stopped_idle", at: new Date(stop.at).toISOString(), contractId });
    sender.notify();
  };
  return { queue, events, sender, signer, record, stoppedByItself };
}

/**
 * The state file that `status` and `stop` read, kept by whoever tracks (the CLI's run or the window):
 * written once tracking really runs, on each slot's progress, delivery and stop.
 */
export class StateFile {
  private state: TrackerState | null = null;
  private lastWrite = 0;

  constructor(private readonly dir: string) {}

  private write(): void {
    if (this.state) saveState(this.state, this.dir);
  }

  /** A run for this contract begins (not written until the capture backend runs). */
  begin(setup: Pick<TrackingSetup, "contractId" | "contractTitle" | "memo">, backend: CaptureBackend, clock: TrackerClock): void {
    const { contractId, contractTitle, memo } = setup;
    this.state = { pid: process.pid, running: false, contractId, contractTitle, memo, backend: backend.name, speed: clock.speed, startedAt: new Date(clock.now()).toISOString() };
  }

  get running(): boolean {
    return this.state?.running ?? false;
  }

  readonly onStarted = (): void => {
    if (!this.state) return;
    this.state.running = true;
    this.write();
  };

  readonly onSnapshot = (snap: SessionSnapshot): void => {
    if (!this.state) return;
    // A new memo (from the next slot, or now in use) is written at once; progress at most twice a second.
    const nextMemo = snap.memo === snap.slotMemo ? undefined : snap.memo;
    const memoMoved = snap.slotMemo !== this.state.memo || nextMemo !== this.state.nextMemo;
    if (!memoMoved && Date.now() - this.lastWrite < 500) return;
    this.lastWrite = Date.now();
    this.state.memo = snap.slotMemo;
    this.state.nextMemo = nextMemo;
    // Choice: the state never holds the screenshot moment ahead of time, only whether it happened.
    this.state.clockAt = new Date(snap.clockAt).toISOString();
    this.state.currentSlot = { slotStart: new Date(snap.slotStart).toISOString(), screenshotTaken: snap.screenshotTaken };
    this.write();
  };

  /** The memo changed while tracking: the running slot keeps its memo, the slots from the next one carry `nextMemo`. */
  memoChanged(nextMemo: string): void {
    if (!this.state) return;
    this.state.nextMemo = nextMemo === this.state.memo ? undefined : nextMemo;
    this.write();
  }

  readonly onDelivered = (item: QueuedSegment, status: number): void => {
    if (!this.state) return;
    this.state.lastDelivery = { at: new Date().toISOString(), segmentId: item.fields.segmentId, status };
    this.state.lastError = undefined;
    this.write();
  };

  readonly onProblem = (why: string | null): void => {
    if (!this.state || (this.state.lastError ?? null) === why) return;
    this.state.lastError = why ?? undefined;
    this.write();
  };

  stopped(result: SessionStop, queued: number): void {
    if (!this.state) return;
    Object.assign(this.state, { running: false, stoppedAt: new Date(result.at).toISOString(), stopReason: result.reason, message: result.message, currentSlot: undefined, delivering: queued > 0 });
    this.write();
  }

  deliveryOver(): void {
    if (!this.state) return;
    this.state.delivering = false;
    this.write();
  }
}

export async function runTracker(opts: RunOptions): Promise<SessionStop & { started: boolean }> {
  const file = new StateFile(opts.dir);
  const { queue, events, sender, record, stoppedByItself } = deliveryFor(opts.dir, opts.log, { onDelivered: file.onDelivered, onProblem: file.onProblem });
  const { session, clock, backend } = createSession(opts, { record, onStarted: file.onStarted, onSnapshot: file.onSnapshot });
  file.begin(opts, backend, clock);

  const delivering = new AbortController();
  const delivery = sender.run(delivering.signal);
  const onStop = () => session.stop("stopped");
  opts.stop.addEventListener("abort", onStop, { once: true });
  if (opts.stop.aborted) onStop();

  let result: SessionStop;
  try {
    result = await session.run();
  } catch (error) {
    result = { reason: "error", at: clock.now(), message: `Tracking stopped: ${(error as Error).message}` };
  }
  const started = file.running;
  opts.log(result.message);
  if (result.reason !== "stopped") notifyDesktop(result.message);
  stoppedByItself(opts.contractId, result);
  file.stopped(result, queue.size() + events.size());

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
  file.deliveryOver();
  if (queue.size() > 0) opts.log(`${queue.size()} segment(s) are still queued; they are sent at the next start or with \`hourglass-tracker sync\`.`);
  if (events.size() > 0) opts.log("The portal has not yet been told that tracking stopped for inactivity; it is told when the tracker next runs.");
  return { ...result, started };
}
