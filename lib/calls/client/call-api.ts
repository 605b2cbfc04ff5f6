// The call API as the browser uses it (docs: /api/calls, /api/conversations/[id]/calls), without
// React: the call session (call-session.ts) posts through these. Errors keep the server's code
// (busy, already_in_call, already_answered, call_ended), which the panel shows as its state.
import type { CallSignalEvent } from "@/lib/realtime/client/events";
import type { CallView } from "../call-view";

export type { CallView };

/** What a tab posts to /signal: the relayed event without the ids the server fills in. */
export type SignalBody = Omit<CallSignalEvent, "callId" | "from">;

export class CallApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function send<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new CallApiError(0, "network", "The portal could not be reached.");
  }
  const data = (await res.json().catch(() => null)) as ({ error?: { code: string; message: string } } & T) | null;
  if (!res.ok) throw new CallApiError(res.status, data?.error?.code ?? "internal", data?.error?.message ?? `Request failed (${res.status}).`);
  return data as T;
}

const call = (path: string, body?: unknown) => send<{ call: CallView }>(path, body).then((r) => r.call);

export const callApi = {
  start: (conversationId: string, tabId: string) => call(`/api/conversations/${conversationId}/calls`, { tabId }),
  current: () => send<{ call: CallView | null }>("/api/calls/current").then((r) => r.call),
  get: (callId: string) => call(`/api/calls/${callId}`),
  accept: (callId: string, tabId: string) => call(`/api/calls/${callId}/accept`, { tabId }),
  decline: (callId: string, tabId: string) => call(`/api/calls/${callId}/decline`, { tabId }),
  hangup: (callId: string, tabId: string, reason: "hangup" | "timeout" | "failed" = "hangup") => call(`/api/calls/${callId}/hangup`, { tabId, reason }),
  heartbeat: (callId: string, tabId: string) => call(`/api/calls/${callId}/heartbeat`, { tabId }),
  signal: (callId: string, tabId: string, body: SignalBody) => send<unknown>(`/api/calls/${callId}/signal`, { tabId, ...body }),
  iceServers: () => send<{ iceServers: RTCIceServer[] }>("/api/calls/ice-servers").then((r) => r.iceServers),
};

/**
 * Hangs up as the page goes away (pagehide): a beacon outlives the page, fetch may not. The body is
 * a text/plain Blob so the beacon stays a CORS-simple request; the handler parses it as JSON.
 */
export function hangupBeacon(callId: string, tabId: string): boolean {
  const body = new Blob([JSON.stringify({ tabId, reason: "hangup" })], { type: "text/plain" });
  return navigator.sendBeacon(`/api/calls/${callId}/hangup`, body);
}
