// The tracker's side of /api/tracker/v1: plain HTTP with its Bearer token.
// Nothing here imports server code; answers are checked with the shared schemas.
import { SEGMENT_UPLOAD_PARTS, apiErrorSchema, trackerProfileSchema, type ApiErrorBody, type SegmentFieldsInput, type TrackerEventInput, type TrackerProfile } from "../lib/validation/tracker";

export interface PortalAnswer {
  status: number;
  body: unknown;
  /** Retry-After in milliseconds, when the portal sent one */
  retryAfterMs?: number;
}

/** The portal could not be reached (network down, server down, timeout). */
export class PortalUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortalUnreachable";
  }
}

/** The portal answered with an error. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody["error"] | null,
  ) {
    super(error?.message ?? `The portal answered HTTP ${status}.`);
    this.name = "PortalError";
  }
}

export function errorOf(body: unknown): ApiErrorBody["error"] | null {
  const parsed = apiErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error : null;
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export class PortalClient {
  constructor(
    readonly baseUrl: string,
    /** null for the calls that need none: ping and the device sign-in */
    private readonly token: string | null,
    private readonly timeoutMs = 60_000,
  ) {}

  private async request(path: string, init: RequestInit = {}, { timeoutMs = this.timeoutMs, withToken = true } = {}): Promise<PortalAnswer> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        // Choice: answers are small JSON, so they are asked for uncompressed (saves CPU on both sides).
        headers: { ...(this.token && withToken ? { authorization: `Bearer ${this.token}` } : {}), accept: "application/json", "accept-encoding": "identity", ...(init.headers ?? {}) },
        signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new PortalUnreachable(`Cannot reach the portal at ${this.baseUrl} (${cause ?? (error as Error).message}).`);
    }
    const text = await res.text().catch(() => "");
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body, retryAfterMs: retryAfterMs(res.headers.get("retry-after")) };
  }

  /** Whether the portal answers its cheap, tokenless health check (GET /ping) with 200 within 5 s. */
  async ping(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await this.request("/api/tracker/v1/ping", { signal }, { timeoutMs: 5_000, withToken: false })).status === 200;
    } catch (error) {
      if (error instanceof PortalUnreachable) return false;
      throw error;
    }
  }

  /** A form-urlencoded POST, as OAuth endpoints (the device sign-in, RFC 8628) expect. */
  async postForm(path: string, fields: Record<string, string>, signal?: AbortSignal): Promise<PortalAnswer> {
    return this.request(path, { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" }, signal });
  }

  async me(): Promise<TrackerProfile> {
    const answer = await this.request("/api/tracker/v1/me");
    if (answer.status !== 200) throw new PortalError(answer.status, errorOf(answer.body));
    return trackerProfileSchema.parse(answer.body);
  }

  /** Sign-out: the portal revokes the token this client calls with (204); PortalError otherwise (401: revoked already). */
  async revokeToken(): Promise<void> {
    const answer = await this.request("/api/tracker/v1/token", { method: "DELETE" });
    if (answer.status !== 204) throw new PortalError(answer.status, errorOf(answer.body));
  }

  /** R15.1 registers this installation's public key for the token (once; 409 when it already has another). */
  async registerKey(publicKey: string): Promise<void> {
    const answer = await this.request("/api/tracker/v1/key", { method: "PUT", body: JSON.stringify({ publicKey }), headers: { "content-type": "application/json" } });
    if (answer.status !== 200) throw new PortalError(answer.status, errorOf(answer.body));
  }

  async postSegment(fields: SegmentFieldsInput, screenshot: Buffer, contentType: string): Promise<PortalAnswer> {
    const form = new FormData();
    form.set(SEGMENT_UPLOAD_PARTS.fields, new Blob([JSON.stringify(fields)], { type: "application/json" }));
    form.set(SEGMENT_UPLOAD_PARTS.screenshot, new Blob([new Uint8Array(screenshot)], { type: contentType }), contentType === "image/png" ? "screenshot.png" : "screenshot.jpg");
    return this.request("/api/tracker/v1/segments", { method: "POST", body: form });
  }

  /** R16.4 an event the portal is told of (stopped_idle); a resend is answered 200, not doubled. */
  async postEvent(event: TrackerEventInput): Promise<PortalAnswer> {
    return this.request("/api/tracker/v1/events", { method: "POST", body: JSON.stringify(event), headers: { "content-type": "application/json" } });
  }

  async deleteSegment(segmentId: string): Promise<PortalAnswer> {
    return this.request(`/api/tracker/v1/segments/${encodeURIComponent(segmentId)}`, { method: "DELETE" });
  }
}
