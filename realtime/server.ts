// Hourglass's own Pusher Channels (protocol 7) server: one Node HTTP server
// carries the WebSocket endpoint /app/:key and the signed REST API /apps/:id,
// so the official `pusher` SDK and `pusher-js` work against it unmodified and
// hosted Pusher can replace it by configuration alone.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type ServerOptions } from "ws";
import { startActivitySweep } from "./activity-sweep";
import { loadApps } from "./apps";
import type { AppState, AppConfig } from "./channels";
import { Limits } from "./protocol";
import { createRestHandler } from "./rest";
import { shutdown } from "./shutdown";
import { acceptUpgrades, disconnectHooks, newSocketBook, type SocketBook } from "./sockets";
import type { RealtimeLogger, RealtimeStats } from "./types";

export type { RealtimeLogger, RealtimeStats } from "./types";

export interface RealtimeServerOptions {
  /** 0 picks a free port. Default 6001. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  apps: AppConfig[];
  /** Pusher closes with 4004 past the app's quota. Default 10,000. */
  maxConnectionsPerApp?: number;
  /** Closes with 4100 past this many sockets from one address. Default 100. */
  maxConnectionsPerAddress?: number;
  /** A socket whose unsent output exceeds this is disconnected. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Sent in connection_established; idle clients are pinged after it. Default 120. */
  activityTimeoutSeconds?: number;
  /** A pinged client that stays silent this long is closed with 4201. Default 30. */
  pongTimeoutSeconds?: number;
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy?: boolean;
  log?: RealtimeLogger;
}

export interface RealtimeServer {
  port: number;
  /** http://host:port, the base for both WebSocket and REST. */
  url: string;
  close(): Promise<void>;
  stats(): RealtimeStats;
}

const DEFAULTS = {
  port: 6001,
  host: "127.0.0.1",
  maxConnectionsPerApp: 10_000,
  maxConnectionsPerAddress: 100,
  maxBufferedBytes: 1024 * 1024,
  activityTimeoutSeconds: 120,
  pongTimeoutSeconds: 30,
};

// How long a closing socket may take to answer our close frame before it is
// destroyed; a slow consumer's close frame sits behind its backlog and never will.
const CLOSE_TIMEOUT_MS = 2000;

// The server is put together from its parts: apps.ts (apps and their webhook
// senders), rest.ts (the REST API), sockets.ts and handshake.ts (WebSocket
// upgrades), activity-sweep.ts (pings) and shutdown.ts (close()).
export async function createRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const config = resolveOptions(options);
  const log: RealtimeLogger = options.log ?? (() => {});
  if (config.apps.length === 0) throw new Error("createRealtimeServer needs at least one app");

  const { appsByKey, appsById, webhookSenders } = loadApps(config.apps, log);
  const book = newSocketBook();
  const http = createServer(createRestHandler({ appsById, nowSeconds: () => Math.floor(Date.now() / 1000), log }));
  const wss = newWebSocketServer();
  const hooks = disconnectHooks(book, config.maxBufferedBytes, log);
  const flag = { shuttingDown: false };
  acceptUpgrades(http, wss, { appsByKey, book, hooks, limits: config, log }, flag);
  const sweep = startActivitySweep(book.connections, hooks, config.activityTimeoutSeconds, config.pongTimeoutSeconds);

  const port = await listen(http, config.port, config.host);
  const hostForUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  log("realtime: listening", { port, host: config.host });

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${hostForUrl}:${port}`,
    close: () => (closing ??= shutdown({ flag, sweep, http, wss, connections: book.connections, webhookSenders })),
    stats: () => statsOf(appsById, book),
  };
}

function resolveOptions(options: RealtimeServerOptions) {
  return {
    port: options.port ?? DEFAULTS.port,
    host: options.host ?? DEFAULTS.host,
    apps: options.apps,
    maxConnectionsPerApp: options.maxConnectionsPerApp ?? DEFAULTS.maxConnectionsPerApp,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULTS.maxConnectionsPerAddress,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? DEFAULTS.activityTimeoutSeconds,
    pongTimeoutSeconds: options.pongTimeoutSeconds ?? DEFAULTS.pongTimeoutSeconds,
    trustProxy: options.trustProxy ?? false,
  };
}

function newWebSocketServer(): WebSocketServer {
  // `closeTimeout` exists in ws 8.23 but not yet in @types/ws 8.18.
  const wssOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload: Limits.maxFrameBytes,
    perMessageDeflate: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
  };
  return new WebSocketServer(wssOptions);
}

/** Resolves with the bound port (useful with port 0); rejects with the bind error, e.g. EADDRINUSE. */
async function listen(http: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  return (http.address() as AddressInfo).port;
}

function statsOf(appsById: Map<string, AppState>, book: SocketBook): RealtimeStats {
  const { connections, refused, disconnected } = book;
  const apps: RealtimeStats["apps"] = {};
  let channels = 0;
  for (const [id, app] of appsById) {
    apps[id] = { connections: app.connections, channels: app.channels.size, signedInUsers: app.users.size };
    channels += app.channels.size;
  }
  return { connections: connections.size, channels, apps, refused: { ...refused }, disconnected: { ...disconnected } };
}
