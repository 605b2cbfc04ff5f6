// Hourglass's own Pusher Channels (protocol 7) server: one Node HTTP server
// carries the WebSocket endpoint /app/:key and the signed REST API /apps/:id,
// so the official `pusher` SDK and `pusher-js` work against it unmodified and
// hosted Pusher can replace it by configuration alone.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type ServerOptions, type WebSocket } from "ws";
import { AppState, type AppConfig } from "./channels";
import { Connection } from "./connection";
import { encode, ErrorCode, errorMessage, Limits, newSocketId, parseClientMessage, PROTOCOL_VERSION } from "./protocol";
import { createRestHandler } from "./rest";
import { WebhookSender } from "./webhooks";

export type RealtimeLogger = (message: string, fields?: Record<string, unknown>) => void;

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

export interface RealtimeStats {
  connections: number;
  channels: number;
  apps: Record<string, { connections: number; channels: number; signedInUsers: number }>;
  /** Handshakes refused, by reason. */
  refused: { unknownApp: number; badRequest: number; overAppQuota: number; overAddressLimit: number };
  /** Established sockets the server closed, by reason. */
  disconnected: { slowConsumer: number; pongTimeout: number; terminated: number };
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
const WEBHOOK_DRAIN_MS = 2000;

/** Reasons in close frames are capped at 123 bytes by RFC 6455. */
function closeReason(message: string): string {
  return Buffer.from(message, "utf8").subarray(0, 123).toString("utf8").replace(/\uFFFD$/, "");
}

export async function createRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const config = {
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
  const log: RealtimeLogger = options.log ?? (() => {});
  if (config.apps.length === 0) throw new Error("createRealtimeServer needs at least one app");

  const appsByKey = new Map<string, AppState>();
  const appsById = new Map<string, AppState>();
  const webhookSenders: WebhookSender[] = [];
  for (const credentials of config.apps) {
    if (appsByKey.has(credentials.key) || appsById.has(credentials.id)) {
      throw new Error(`Duplicate app id or key: ${credentials.id}`);
    }
    const sender = credentials.webhook ? new WebhookSender(credentials, credentials.webhook, log) : undefined;
    if (sender) webhookSenders.push(sender);
    const app = new AppState(credentials, sender);
    appsByKey.set(credentials.key, app);
    appsById.set(credentials.id, app);
  }

  const connections = new Set<Connection>();
  const perAddress = new Map<string, number>();
  const refused = { unknownApp: 0, badRequest: 0, overAppQuota: 0, overAddressLimit: 0 };
  const disconnected = { slowConsumer: 0, pongTimeout: 0, terminated: 0 };

  const http = createServer(createRestHandler({ appsById, nowSeconds: () => Math.floor(Date.now() / 1000) }));
  // `closeTimeout` exists in ws 8.23 but not yet in @types/ws 8.18.
  const wssOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload: Limits.maxFrameBytes,
    perMessageDeflate: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
  };
  const wss = new WebSocketServer(wssOptions);

  const hooks = {
    maxBufferedBytes: config.maxBufferedBytes,
    disconnect(connection: Connection, code: number, reason: string) {
      if (connection.closed) return;
      connection.closed = true;
      if (code === ErrorCode.overCapacity) disconnected.slowConsumer += 1;
      else if (code === ErrorCode.pongTimeout) disconnected.pongTimeout += 1;
      else disconnected.terminated += 1;
      log("realtime: disconnecting socket", { socketId: connection.socketId, code, reason });
      connection.ws.close(code, closeReason(reason));
      // Out of the current broadcast loop: leaving channels may itself broadcast.
      queueMicrotask(() => connection.detach());
    },
  };

  function refuse(ws: WebSocket, code: number, message: string): void {
    ws.on("error", () => {});
    ws.send(errorMessage(code, message));
    ws.close(code, closeReason(message));
  }

  function clientAddress(req: IncomingMessage): string {
    const forwarded = req.headers["x-forwarded-for"];
    if (config.trustProxy && typeof forwarded === "string") {
      const first = forwarded.split(",")[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? "unknown";
  }

  function accept(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      refused.badRequest += 1;
      return refuse(ws, ErrorCode.pathNotFound, "Path not found: connect to /app/:key");
    }
    const app = appsByKey.get(safeDecode(match[1] ?? ""));
    if (!app) {
      refused.unknownApp += 1;
      return refuse(ws, ErrorCode.appNotFound, "App key does not exist");
    }
    const protocol = url.searchParams.get("protocol");
    if (protocol === null) {
      refused.badRequest += 1;
      return refuse(ws, ErrorCode.noProtocol, "No protocol version supplied");
    }
    if (!/^\d+$/.test(protocol)) {
      refused.badRequest += 1;
      return refuse(ws, ErrorCode.invalidVersion, "Invalid version string format");
    }
    if (Number(protocol) !== PROTOCOL_VERSION) {
      refused.badRequest += 1;
      return refuse(ws, ErrorCode.unsupportedProtocol, `Unsupported protocol version ${protocol}; use ${PROTOCOL_VERSION}`);
    }
    if (app.connections >= config.maxConnectionsPerApp) {
      refused.overAppQuota += 1;
      return refuse(ws, ErrorCode.overConnectionQuota, "Application is over connection quota");
    }
    const address = clientAddress(req);
    const fromAddress = perAddress.get(address) ?? 0;
    if (fromAddress >= config.maxConnectionsPerAddress) {
      refused.overAddressLimit += 1;
      return refuse(ws, ErrorCode.overCapacity, "Too many connections from this address");
    }

    const connection = new Connection(ws, newSocketId(), app, address, hooks);
    connections.add(connection);
    app.connections += 1;
    perAddress.set(address, fromAddress + 1);

    ws.on("message", (raw, isBinary) => {
      if (connection.closed) return;
      const message = isBinary ? null : parseClientMessage(raw.toString());
      if (!message) return connection.send(errorMessage(null, "Messages must be JSON objects with an event"));
      connection.handle(message);
    });
    // Errors (bad frames, resets) are followed by 'close', where cleanup happens.
    ws.on("error", (error) => log("realtime: socket error", { socketId: connection.socketId, error: error.message }));
    ws.on("close", () => {
      connection.closed = true;
      connection.detach();
      connections.delete(connection);
      app.connections -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });

    const established = JSON.stringify({ socket_id: connection.socketId, activity_timeout: config.activityTimeoutSeconds });
    connection.send(encode({ event: "pusher:connection_established", data: established }));
  }

  let shuttingDown = false;
  http.on("upgrade", (req, socket, head) => {
    socket.on("error", () => {});
    // pusher-js comes straight back after our 4200; a socket accepted now would hold close() open forever.
    if (shuttingDown) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  });

  // One sweep for all sockets instead of a timer each: ping the idle, close
  // those that ignored a ping (protocol 7: pusher:ping / pusher:pong, 4201).
  const activityMs = config.activityTimeoutSeconds * 1000;
  const pongMs = config.pongTimeoutSeconds * 1000;
  const ping = encode({ event: "pusher:ping", data: "{}" });
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const connection of connections) {
        if (connection.closed) continue;
        if (connection.pingSentAt !== 0) {
          if (now - connection.pingSentAt >= pongMs) hooks.disconnect(connection, ErrorCode.pongTimeout, "Pong reply not received");
        } else if (now - connection.lastSeen >= activityMs) {
          connection.pingSentAt = now;
          connection.send(ping);
        }
      }
    },
    Math.max(100, Math.min(activityMs, pongMs) / 4),
  );
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  log("realtime: listening", { port, host: config.host });

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    shuttingDown = true;
    clearInterval(sweep);
    const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
    const sockets = [...wss.clients];
    const allClosed = Promise.all(
      sockets.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise((r) => ws.once("close", r)))),
    );
    for (const connection of connections) connection.closed = true;
    // 4200: pusher-js reconnects straight away, e.g. to a restarted server.
    for (const ws of sockets) ws.close(ErrorCode.reconnect, "Server shutting down");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
    for (const ws of sockets) ws.terminate();
    await allClosed;
    // The members the shutdown removed still reach the portal, if it answers soon.
    await Promise.all(webhookSenders.map((sender) => sender.close(WEBHOOK_DRAIN_MS)));
    http.closeAllConnections();
    await httpClosed;
    wss.close();
  }

  return {
    port,
    url: `http://${hostForUrl}:${port}`,
    close: () => (closing ??= close()),
    stats(): RealtimeStats {
      const apps: RealtimeStats["apps"] = {};
      let channels = 0;
      for (const [id, app] of appsById) {
        apps[id] = { connections: app.connections, channels: app.channels.size, signedInUsers: app.users.size };
        channels += app.channels.size;
      }
      return { connections: connections.size, channels, apps, refused: { ...refused }, disconnected: { ...disconnected } };
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
