// Pusher's checks on a new WebSocket, in Pusher's order: path, app key,
// protocol version, then the app's and the address's connection quotas. A
// refused socket is counted, sent pusher:error and closed with Pusher's code.
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { AppState } from "./channels";
import { ErrorCode, errorMessage, PROTOCOL_VERSION } from "./protocol";
import type { SocketBook } from "./sockets";

export interface HandshakeLimits {
  maxConnectionsPerApp: number;
  maxConnectionsPerAddress: number;
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
}

/** A socket that passed every check: its app, its address and how many sockets that address already has. */
export interface Admitted {
  app: AppState;
  address: string;
  fromAddress: number;
}

/** Reasons in close frames are capped at 123 bytes by RFC 6455. */
export function closeReason(message: string): string {
  return Buffer.from(message, "utf8").subarray(0, 123).toString("utf8").replace(/\uFFFD$/, "");
}

export function admit(
  ws: WebSocket,
  req: IncomingMessage,
  appsByKey: Map<string, AppState>,
  book: SocketBook,
  limits: HandshakeLimits,
): Admitted | undefined {
  const { refused, perAddress } = book;
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
  if (app.connections >= limits.maxConnectionsPerApp) {
    refused.overAppQuota += 1;
    return refuse(ws, ErrorCode.overConnectionQuota, "Application is over connection quota");
  }
  const address = clientAddress(req, limits.trustProxy);
  const fromAddress = perAddress.get(address) ?? 0;
  if (fromAddress >= limits.maxConnectionsPerAddress) {
    refused.overAddressLimit += 1;
    return refuse(ws, ErrorCode.overCapacity, "Too many connections from this address");
  }
  return { app, address, fromAddress };
}

function refuse(ws: WebSocket, code: number, message: string): undefined {
  ws.on("error", () => {});
  ws.send(errorMessage(code, message));
  ws.close(code, closeReason(message));
  return undefined;
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  if (trustProxy && typeof forwarded === "string") {
    const first = forwarded.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
