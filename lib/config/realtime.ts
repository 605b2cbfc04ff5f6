// Realtime settings from the environment only: our own Pusher-protocol server by
// default, hosted Pusher when PUSHER_CLUSTER is set. No code path differs.
// Read by the portal, its launchers and the realtime server (realtime/), so it imports nothing.
export interface RealtimeServerConfig {
  appId: string;
  key: string;
  secret: string;
  /** hosted Pusher */
  cluster?: string;
  /** self-hosted server */
  host?: string;
  port?: string;
  useTLS: boolean;
}

/** What the browser needs (never the secret). */
export interface RealtimeClientConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
}

export function realtimeServerConfig(env: Record<string, string | undefined> = process.env): RealtimeServerConfig {
  const appId = env.PUSHER_APP_ID ?? "hourglass";
  const key = env.PUSHER_KEY ?? "hourglass-key";
  const secret = env.PUSHER_SECRET ?? "hourglass-secret";
  if (env.PUSHER_CLUSTER) return { appId, key, secret, cluster: env.PUSHER_CLUSTER, useTLS: true };
  return {
    appId,
    key,
    secret,
    host: env.REALTIME_HOST ?? "127.0.0.1",
    port: env.REALTIME_PORT ?? "6001",
    useTLS: env.REALTIME_TLS === "1",
  };
}

export function realtimeClientConfig(env: Record<string, string | undefined> = process.env): RealtimeClientConfig {
  const server = realtimeServerConfig(env);
  if (server.cluster) return { key: server.key, cluster: server.cluster, forceTLS: true };
  // The browser reaches our server at REALTIME_PUBLIC_HOST/PORT (e.g. behind the same proxy as the portal).
  return {
    key: server.key,
    cluster: "self-hosted", // pusher-js requires a cluster; ours ignores it
    wsHost: env.REALTIME_PUBLIC_HOST ?? server.host,
    wsPort: Number(env.REALTIME_PUBLIC_PORT ?? server.port),
    forceTLS: env.REALTIME_PUBLIC_TLS === "1",
  };
}

/**
 * The per-app settings hosted Pusher keeps in its dashboard, for our own server
 * (realtime/cli.ts) from the environment:
 *   PUSHER_CLIENT_EVENTS=1  client events on (the typing indicator); off when unset, as on Pusher
 *   REALTIME_WEBHOOK_URL    where Pusher-format webhooks go (presence: the portal's /api/realtime/webhooks)
 */
export function realtimeAppSettings(env: Record<string, string | undefined> = process.env): { clientEvents: boolean; webhookUrl?: string } {
  return { clientEvents: env.PUSHER_CLIENT_EVENTS === "1", ...(env.REALTIME_WEBHOOK_URL ? { webhookUrl: env.REALTIME_WEBHOOK_URL } : {}) };
}

/**
 * What the portal's launchers give the realtime server they start, unless the
 * environment says otherwise: client events on (typing) and webhooks to this portal.
 */
export function launcherRealtimeEnv<E extends Record<string, string | undefined>>(portalPort: number, env: E): E {
  return { PUSHER_CLIENT_EVENTS: "1", REALTIME_WEBHOOK_URL: `http://127.0.0.1:${portalPort}/api/realtime/webhooks`, ...env };
}
