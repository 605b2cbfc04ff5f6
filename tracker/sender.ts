// Delivers the offline queue to the portal, oldest slot first. Each entry is
// sent with its own segment id, so a resend after a lost answer is answered
// with the stored segment (R2.6) and every segment is stored exactly once.
import { appendFileSync } from "node:fs";
import { PortalError, PortalUnreachable, errorOf, type PortalAnswer, type PortalClient } from "./api-client";
import { realSleep } from "./clock";
import { DeviceKeyError } from "./device-key";
import type { SegmentSigner } from "./signing";
import type { EventsOutbox } from "./events-outbox";
import type { QueuedSegment, SegmentQueue } from "./queue";

export type Verdict =
  | { kind: "delivered" }
  | { kind: "retry"; afterMs?: number; why: string; unreachable?: boolean }
  | { kind: "paused"; why: string }
  | { kind: "rejected"; why: string };

/** Rule rejections that only mean the two clocks disagree: worth retrying for a while. */
const CLOCK_REASONS = new Set(["SLOT_IN_FUTURE", "SCREENSHOT_IN_FUTURE"]);
/** Choice: a segment refused only for clock skew is retried for an hour, then set aside. */
export const CLOCK_SKEW_RETRY_MS = 60 * 60_000;

/** A few words of an answer that did not come from the API (an HTML page's title, or the start of the text). */
function glimpse(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const words = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return words.length > 80 ? `${words.slice(0, 77)}...` : words;
}

/** What to do with a queue entry after the portal's answer. */
export function judge(answer: PortalAnswer): Verdict {
  const { status } = answer;
  const error = errorOf(answer.body);
  const why = error ? `${status} ${error.code}: ${error.message}` : `HTTP ${status}`;
  if (status === 200 || status === 201) return { kind: "delivered" };
  if (status === 429) return { kind: "retry", afterMs: answer.retryAfterMs, why };
  // Choice: a refused token keeps the queue as it is (nothing is lost) until `login` stores a new one.
  if (status === 401) return { kind: "paused", why: `${why} Run \`hourglass-tracker login <portal-url>\` again; the queue is kept.` };
  // Only the API's own error answers can say a segment will never be taken. Anything else (a proxy's
  // HTML 404, a 403/405/413 page, a body that is not our error shape) may be gone tomorrow: retry.
  if (!error) {
    const seen = glimpse(answer.body);
    return { kind: "retry", why: `HTTP ${status} that is not an answer of the portal's API${seen ? ` ("${seen}")` : ""}; is a proxy in the way, or the portal URL wrong?` };
  }
  if (status >= 500 || status === 408) return { kind: "retry", why };
  if (status === 422 && error.reasons?.length && error.reasons.every((r) => CLOCK_REASONS.has(r))) return { kind: "retry", why };
  return { kind: "rejected", why };
}

/** Why an entry could not be signed before sending (R15.1), as a verdict; null for an error that is a bug. */
function signingVerdict(error: unknown): Exclude<Verdict, { kind: "delivered" | "rejected" }> | null {
  if (error instanceof PortalUnreachable) return { kind: "retry", why: error.message, unreachable: true };
  // A key file others can read, or a token bound to another key: nothing is sent until the freelancer acts.
  if (error instanceof DeviceKeyError) return { kind: "paused", why: `${error.message} The queue is kept.` };
  if (error instanceof PortalError) {
    // 401 pauses as for an upload; 5xx, 429 and non-API answers retry; the API's own refusal waits for the freelancer
    const verdict = judge({ status: error.status, body: error.error ? { error: error.error } : null });
    return verdict.kind === "retry" || verdict.kind === "paused" ? verdict : { kind: "paused", why: error.message };
  }
  // GET /me answered with something that is not the API's (a proxy's page): as judge() does, retry
  if (error instanceof Error && error.name === "ZodError") return { kind: "retry", why: "GET /api/tracker/v1/me answered with something that is not the portal's API; is a proxy in the way?" };
  return null;
}

export interface SenderOptions {
  queue: SegmentQueue;
  /** R15.1 signs entries queued unsigned (or under an earlier sign-in) before they are sent */
  signer?: Pick<SegmentSigner, "signQueued">;
  /** R16.4 events (stopped_idle) owed to the portal, sent after the segments */
  events?: EventsOutbox;
  client: () => PortalClient | null;
  log: (line: string) => void;
  /** one line per delivery or rejection, for `status` and for audits */
  journalFile?: string;
  onDelivered?: (item: QueuedSegment, status: number) => void;
  onProblem?: (why: string | null) => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** while waiting out a backoff, how often to ask GET /ping whether the portal is back (0: never) */
  probeEveryMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** How a pass ended: how long to wait, whether a new entry may cut that short, and whether /ping may. */
export interface PassResult {
  waitMs: number;
  interruptible: boolean;
  empty: boolean;
  /** probe the portal during the wait; `down` when it was already seen unreachable */
  probe?: { down: boolean };
}

export class Sender {
  private failures = 0;
  private wake: AbortController | null = null;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly probeEveryMs: number;

  constructor(private readonly opts: SenderOptions) {
    this.sleep = opts.sleep ?? realSleep;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.retryBaseMs = opts.retryBaseMs ?? 1_000;
    this.retryMaxMs = opts.retryMaxMs ?? 5 * 60_000;
    this.probeEveryMs = opts.probeEveryMs ?? 3_000;
  }

  /** Exponential backoff with jitter: base, 2x base, 4x base ... up to the cap, each between half and all of it. */
  backoffMs(failures: number): number {
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling * (0.5 + this.random() * 0.5));
  }

  /** A new entry is queued: stop waiting and try now (unless the portal asked us to wait). */
  notify(): void {
    this.wake?.abort();
  }

  private journal(line: string): void {
    if (this.opts.journalFile) appendFileSync(this.opts.journalFile, `${new Date(this.now()).toISOString()} ${line}\n`);
  }

  /**
   * One pass over the queue. Returns how long to wait before the next pass (0 = queue empty),
   * and whether that wait may be cut short by a new entry.
   */
  async deliverPass(): Promise<PassResult> {
    const client = this.opts.client();
    const items = this.opts.queue.list();
    const events = this.opts.events?.list() ?? [];
    if (!items.length && !events.length) return { waitMs: 0, interruptible: true, empty: true };
    if (!client) {
      this.opts.onProblem?.("Not logged in: run `hourglass-tracker login <portal-url>`. The queue is kept.");
      return { waitMs: this.retryMaxMs, interruptible: true, empty: false };
    }
    for (const item of items) {
      const image = this.opts.queue.readImage(item);
      try {
        if (await this.opts.signer?.signQueued(item, image, client)) this.opts.queue.update(item);
      } catch (error) {
        const verdict = signingVerdict(error);
        if (!verdict) throw error;
        return this.failed(item, verdict);
      }
      let answer: PortalAnswer;
      try {
        answer = await client.postSegment(item.fields, image, item.contentType);
      } catch (error) {
        if (!(error instanceof PortalUnreachable)) throw error;
        return this.failed(item, { kind: "retry", why: error.message, unreachable: true });
      }
      const verdict = judge(answer);
      if (verdict.kind === "delivered") {
        this.opts.queue.remove(item);
        this.failures = 0;
        this.opts.onProblem?.(null);
        this.journal(`delivered ${item.fields.segmentId} ${item.fields.slotStart} ${answer.status}`);
        this.opts.onDelivered?.(item, answer.status);
        continue;
      }
      if (verdict.kind === "rejected" || (verdict.kind === "retry" && this.skewedTooLong(item, answer))) {
        this.opts.queue.reject(item, { status: answer.status, body: answer.body }, new Date(this.now()));
        this.journal(`rejected ${item.fields.segmentId} ${item.fields.slotStart} ${answer.status}`);
        this.opts.log(`The portal refused the ${item.fields.slotStart} segment (${verdict.why}); it is kept under rejected/.`);
        continue;
      }
      return this.failed(item, verdict);
    }
    // Choice: events go after the segments, so the portal already holds the slots the event speaks of.
    for (const item of events) {
      let answer: PortalAnswer;
      try {
        answer = await client.postEvent(item.event);
      } catch (error) {
        if (!(error instanceof PortalUnreachable)) throw error;
        return this.failed(null, { kind: "retry", why: error.message, unreachable: true });
      }
      const verdict = judge(answer);
      if (verdict.kind === "delivered" || verdict.kind === "rejected") {
        // Choice: an event the API itself refuses (422: more than a day old) is dropped with a log line:
        // it tells of the past and nothing else depends on it.
        this.opts.events?.remove(item);
        this.journal(`event-${verdict.kind === "delivered" ? "delivered" : "dropped"} ${item.event.kind} ${item.event.at} ${answer.status}`);
        if (verdict.kind === "rejected") this.opts.log(`The portal refused the ${item.event.kind} event of ${item.event.at} (${verdict.why}); it is dropped.`);
        else {
          this.failures = 0;
          this.opts.onProblem?.(null);
        }
        continue;
      }
      return this.failed(null, verdict);
    }
    return { waitMs: 0, interruptible: true, empty: this.pending() === 0 };
  }

  /** Segments and events still to send. */
  private pending(): number {
    return this.opts.queue.size() + (this.opts.events?.size() ?? 0);
  }

  private skewedTooLong(item: QueuedSegment, answer: PortalAnswer): boolean {
    if (answer.status !== 422) return false;
    const since = item.firstFailureAt ? Date.parse(item.firstFailureAt) : this.now();
    return this.now() - since >= CLOCK_SKEW_RETRY_MS;
  }

  /** A segment (kept with its attempts) or an event (null) could not be delivered now. */
  private failed(item: QueuedSegment | null, verdict: Exclude<Verdict, { kind: "delivered" | "rejected" }>): PassResult {
    this.failures++;
    if (item) {
      item.attempts++;
      item.firstFailureAt ??= new Date(this.now()).toISOString();
      item.lastError = verdict.why;
      this.opts.queue.update(item);
    }
    this.opts.onProblem?.(verdict.why);
    if (verdict.kind === "paused") return { waitMs: this.retryMaxMs, interruptible: true, empty: false };
    // 429: wait what the portal asked, and let no new entry (nor /ping) cut that short.
    if (verdict.afterMs !== undefined) {
      const waitMs = Math.max(verdict.afterMs, 1);
      this.opts.log(`The portal asked to wait (${verdict.why}); waiting ${(waitMs / 1000).toFixed(1)} s before sending again. ${this.opts.queue.size()} segment(s) queued.`);
      return { waitMs, interruptible: false, empty: false };
    }
    const waitMs = this.backoffMs(this.failures);
    this.opts.log(`Could not deliver (${verdict.why}); retrying in ${(waitMs / 1000).toFixed(1)} s, sooner if the portal answers again. ${this.opts.queue.size()} segment(s) queued.`);
    return { waitMs, interruptible: false, empty: false, probe: { down: verdict.unreachable === true } };
  }

  /**
   * During a backoff, asks the tokenless GET /ping every few seconds and wakes the sender once the
   * portal answers after having been seen down, so the queue drains within seconds of its return.
   * Choice: a portal that answers /ping but refused the segment (its database down, a proxy's 413)
   * is not woken early: only the down-then-up change ends the wait.
   */
  private async probe(until: AbortSignal, wake: AbortController, down: boolean): Promise<void> {
    const client = this.opts.client();
    if (!client || !this.probeEveryMs) return;
    while (!until.aborted) {
      await realSleep(this.probeEveryMs, until);
      if (until.aborted) return;
      const up = await client.ping(until);
      if (!up) down = true;
      else if (down) {
        this.opts.log(`The portal answers again; sending the ${this.opts.queue.size()} queued segment(s) now.`);
        wake.abort();
        return;
      }
    }
  }

  /**
   * Delivers until `signal` aborts (or, with `untilEmpty`, until the queue is empty). Between
   * passes it waits for the backoff, or, when the queue is empty, for notify().
   */
  async run(signal: AbortSignal, opts: { untilEmpty?: boolean; idlePollMs?: number } = {}): Promise<void> {
    while (!signal.aborted) {
      const pass = await this.deliverPass();
      if ((pass.empty && opts.untilEmpty) || signal.aborted) return; // aborted during the pass: no wait
      const wake = new AbortController();
      this.wake = pass.interruptible ? wake : null;
      const stop = () => wake.abort();
      signal.addEventListener("abort", stop, { once: true });
      const probing = new AbortController();
      const probe = pass.probe ? this.probe(AbortSignal.any([probing.signal, wake.signal]), wake, pass.probe.down) : null;
      await this.sleep(pass.empty ? (opts.idlePollMs ?? 30_000) : pass.waitMs, wake.signal);
      probing.abort();
      await probe;
      signal.removeEventListener("abort", stop);
      this.wake = null;
    }
  }
}
