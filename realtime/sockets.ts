// The server's live sockets: every upgrade on /app/:key that passes the
// handshake becomes a Connection counted per app and per address; the server
// cuts one off through disconnectHooks, and RealtimeServer.stats() reads the book.
import type { IncomingMessage, Server } from "node:http";
import type { WebSocket, WebSocketServer } from "ws";
import type { AppState } from "./channels";
import { Connection, type ConnectionHooks } from "./connection";
import { admit, closeReason, type HandshakeLimits } from "./handshake";
import { encode, ErrorCode, errorMessage, newSocketId, parseClientMessage } from "./protocol";
import type { RealtimeLogger, RealtimeStats } from "./types";

export interface SocketBook {
  connections: Set<Connection>;
  /** Open sockets per client address, for maxConnectionsPerAddress. */
  perAddress: Map<string, number>;
  refused: RealtimeStats["refused"];
  disconnected: RealtimeStats["disconnected"];
}

export interface SocketContext {
  appsByKey: Map<string, AppState>;
  book: SocketBook;
  hooks: ConnectionHooks;
  limits: HandshakeLimits & { activityTimeoutSeconds: number };
  log: RealtimeLogger;
}

export function newSocketBook(): SocketBook {
  return {
    connections: new Set<Connection>(),
    perAddress: new Map<string, number>(),
    refused: { unknownApp: 0, badRequest: 0, overAppQuota: 0, overAddressLimit: 0 },
    disconnected: { slowConsumer: 0, pongTimeout: 0, terminated: 0 },
  };
}

/** How the server cuts a Connection off: counted by reason, closed with its code, then detached. */
export function disconnectHooks(book: SocketBook, maxBufferedBytes: number, log: RealtimeLogger): ConnectionHooks {
  const { disconnected } = book;
  return {
    maxBufferedBytes,
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
}

/** Hands every HTTP upgrade to the WebSocket server, and each socket it opens to accept(). */
export function acceptUpgrades(http: Server, wss: WebSocketServer, context: SocketContext, flag: { shuttingDown: boolean }): void {
  http.on("upgrade", (req, socket, head) => {
    socket.on("error", () => {});
    // pusher-js comes straight back after our 4200; a socket accepted now would hold close() open forever.
    if (flag.shuttingDown) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => accept(context, ws, req));
  });
}

function accept(context: SocketContext, ws: WebSocket, req: IncomingMessage): void {
  const { book, hooks, limits, log } = context;
  const admitted = admit(ws, req, context.appsByKey, book, limits);
  if (!admitted) return;
  const { app, address, fromAddress } = admitted;
  const { connections, perAddress } = book;

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

  const established = JSON.stringify({ socket_id: connection.socketId, activity_timeout: limits.activityTimeoutSeconds });
  connection.send(encode({ event: "pusher:connection_established", data: established }));
}
