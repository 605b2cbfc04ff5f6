// The Content-Security-Policy of the portal's pages, built per request with a
// fresh nonce (Next's documented way: proxy.ts sets it on the request, Next puts
// the nonce on its own scripts). The headers every response carries (nosniff,
// Referrer-Policy, HSTS over TLS, a closed CSP on API answers and files) are in
// next.config.js.
import { realtimeClientConfig } from "./realtime";

type Env = Record<string, string | undefined>;

/** Where the browser's realtime connection goes (pusher-js), for connect-src. */
export function realtimeOrigins(env: Env = process.env): string[] {
  const config = realtimeClientConfig(env);
  // Hosted Pusher: its websocket host, and the HTTP fallback transports pusher-js may use.
  if (!config.wsHost) return [`wss://ws-${config.cluster}.pusher.com`, `https://sockjs-${config.cluster}.pusher.com`];
  // Our server: pusher-js is given ws and wss; it picks wss on an https page.
  const host = `${config.wsHost}:${config.wsPort}`;
  return config.forceTLS ? [`wss://${host}`] : [`ws://${host}`, `wss://${host}`];
}

export interface PagePolicyInput {
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids */
  development: boolean;
  /** served over TLS: subresources are upgraded too */
  tls: boolean;
  env?: Env;
}

export function pageContentSecurityPolicy({ nonce, development, tls, env = process.env }: PagePolicyInput): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Choice: inline style attributes are allowed (the diary's cells, meters and
    // charts size themselves with them; a nonce cannot cover attributes, and a
    // nonce in this list would switch 'unsafe-inline' off). Styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    // Screenshots and attachments are same-origin routes; previews are blob: and data: URLs.
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self' ${realtimeOrigins(env).join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(tls ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** 128 random bits, base64: unguessable and new on every request. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
