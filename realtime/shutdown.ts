// Stopping the server: refuse new upgrades, close every socket with 4200,
// give them a second to answer before cutting them, drain the webhooks (the
// members the shutdown removed still reach the portal), then the HTTP server.
import type { Server } from "node:http";
import type { WebSocketServer } from "ws";
import type { Connection } from "./connection";
import { ErrorCode } from "./protocol";
import type { WebhookSender } from "./webhooks";

const WEBHOOK_DRAIN_MS = 2000;

export interface RunningServer {
  /** Read by the upgrade handler: set first, so no socket is accepted while closing. */
  flag: { shuttingDown: boolean };
  sweep: NodeJS.Timeout;
  http: Server;
  wss: WebSocketServer;
  connections: Set<Connection>;
  webhookSenders: WebhookSender[];
}

export async function shutdown({ flag, sweep, http, wss, connections, webhookSenders }: RunningServer): Promise<void> {
  flag.shuttingDown = true;
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
