// Pusher-format webhooks (https://pusher.com/docs/channels/server_api/webhooks):
// channel_occupied / channel_vacated, member_added / member_removed and
// client_event, POSTed as `{ time_ms, events: [...] }` with X-Pusher-Key and
// X-Pusher-Signature (HMAC-SHA256 hex of the raw body with the app secret), so
// the portal's receiver (the `pusher` SDK's webhook helper) reads ours and hosted
// Pusher's alike.
import type { AppCredentials } from "./auth";
import { sign } from "./auth";

export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string };

export type WebhookEventName = WebhookEvent["name"];

export interface WebhookTarget {
  url: string;
  /** Which kinds to send, like the per-webhook choice in Pusher's settings. Default: all. */
  events?: readonly WebhookEventName[];
}

export interface WebhookBody {
  time_ms: number;
  events: WebhookEvent[];
}

type Log = (message: string, fields?: Record<string, unknown>) => void;

// Events raised within this window share one request, as Pusher batches them.
const BATCH_WINDOW_MS = 50;
const MAX_EVENTS_PER_REQUEST = 100;
const REQUEST_TIMEOUT_MS = 5000;
// Choice: a refused or unreachable receiver is retried 4 times (0.5, 1, 2, 4 s)
// and then the batch is dropped and logged: presence is advisory, and holding
// batches forever would grow without bound while the portal is down.
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

/**
 * One app's outgoing webhooks. Batches go out one at a time, in the order their
 * events happened, so the receiver never sees a member_removed overtake the
 * member_added before it.
 */
export class WebhookSender {
  private queue: WebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly wanted: ReadonlySet<WebhookEventName> | undefined;

  constructor(
    private readonly app: AppCredentials,
    private readonly target: WebhookTarget,
    private readonly log: Log,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {
    this.wanted = target.events ? new Set(target.events) : undefined;
  }

  emit(event: WebhookEvent): void {
    if (this.wanted && !this.wanted.has(event.name)) return;
    this.queue.push(event);
    if (!this.timer && !this.running) this.timer = setTimeout(() => void this.run(), BATCH_WINDOW_MS);
  }

  /** Sends what is queued (no new retries after this) and waits, at most `ms`. */
  async close(ms: number): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const done = this.run();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  private run(): Promise<void> {
    this.timer = undefined;
    this.running ??= (async () => {
      while (this.queue.length > 0) {
        const events = this.queue.splice(0, MAX_EVENTS_PER_REQUEST);
        await this.deliver({ time_ms: Date.now(), events });
      }
    })().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0 && !this.closed) this.timer = setTimeout(() => void this.run(), BATCH_WINDOW_MS);
    });
    return this.running;
  }

  private async deliver(body: WebhookBody): Promise<void> {
    const raw = JSON.stringify(body);
    const headers = { "content-type": "application/json", "x-pusher-key": this.app.key, "x-pusher-signature": sign(this.app.secret, raw) };
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      try {
        const response = await fetch(this.target.url, { method: "POST", headers, body: raw, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        failure = `HTTP ${response.status}`;
        // A 4xx other than 429 is a refusal (wrong secret, wrong URL): resending the same bytes cannot help.
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        failure = (error as Error).message;
      }
      const delay = this.retryDelaysMs[attempt];
      if (delay === undefined || this.closed) {
        this.log("realtime: webhook dropped", { url: this.target.url, events: body.events.length, failure });
        return;
      }
      await new Promise((r) => setTimeout(r, delay).unref());
    }
    this.log("realtime: webhook refused", { url: this.target.url, events: body.events.length });
  }
}
