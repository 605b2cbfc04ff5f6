// The Pusher HTTP API (https://pusher.com/docs/channels/library_auth_reference/rest-api)
// for the routes the `pusher` SDK uses: events, batch_events, channel queries
// and terminate_connections. Every request is signed; failures get real 4xx
// statuses and a `{ error: { code, message } }` body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyRestRequest } from "./auth";
import type { AppState, Channel } from "./channels";
import { channelKind, encode, ErrorCode, isValidChannelName, Limits } from "./protocol";
import type { RealtimeLogger } from "./types";

// Batch of 10 events of 10 KB each plus envelopes, with room to spare.
const MAX_BODY_BYTES = 256 * 1024;
const SOCKET_ID = /^\d+\.\d+$/;

export interface RestDeps {
  appsById: ReadonlyMap<string, AppState>;
  nowSeconds(): number;
  /** each published event, with the portal's request id when the trigger carried one */
  log?: RealtimeLogger;
}

// Choice: the official `pusher` SDK cannot add a header to a trigger, but it sends any extra trigger
// parameter in the signed body; the portal adds `request_id` (lib/realtime/notify.ts) when it talks to
// this server. A value that is not a sane id is ignored, not refused, as Pusher ignores unknown fields.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new RestError(400, "bad_request", message);
const notFound = (message: string) => new RestError(404, "not_found", message);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: RestError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } });
}

/** Reads the body as UTF-8, refusing more than MAX_BODY_BYTES with a 413. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new RestError(413, "payload_too_large", `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw badRequest("Body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badRequest("Body must be a JSON object");
  return value as Record<string, unknown>;
}

/** `info=a,b` restricted to the attributes this route can answer. */
function infoAttributes(info: string | null, allowed: readonly string[]): Set<string> {
  const attributes = new Set((info ?? "").split(",").filter((a) => a !== ""));
  for (const attribute of attributes) {
    if (!allowed.includes(attribute)) throw badRequest(`Unsupported info attribute ${attribute}`);
  }
  return attributes;
}

function channelInfo(name: string, channel: Channel | undefined, attributes: Set<string>): Record<string, number> {
  const info: Record<string, number> = {};
  if (attributes.has("user_count")) {
    if (channelKind(name) !== "presence") throw badRequest("user_count is only available for presence channels");
    info.user_count = channel?.roster?.count ?? 0;
  }
  if (attributes.has("subscription_count")) info.subscription_count = channel?.subscribers.size ?? 0;
  return info;
}

interface EventInput {
  name: string;
  data: string;
  channels: string[];
  socketId: string | undefined;
  /** `info` attributes to return for the event's channels. */
  attributes: Set<string>;
  requestId: string | undefined;
}

/** Validates one event of /events or /batch_events the way Pusher does. */
function parseEvent(raw: unknown, multiChannel: boolean): EventInput {
  if (typeof raw !== "object" || raw === null) throw badRequest("Each event must be an object");
  const event = raw as Record<string, unknown>;
  const { name, data, socket_id: socketId, info } = event;
  if (typeof name !== "string" || name === "") throw badRequest("name must be a non-empty string");
  if (name.length > Limits.eventNameLength) throw badRequest(`name is longer than ${Limits.eventNameLength} characters`);
  if (typeof data !== "string") throw badRequest("data must be a string");
  if (Buffer.byteLength(data, "utf8") > Limits.eventDataBytes) {
    throw new RestError(413, "payload_too_large", `data is larger than ${Limits.eventDataBytes} bytes`);
  }
  let channels: unknown = event.channel !== undefined ? [event.channel] : event.channels;
  if (!multiChannel && event.channels !== undefined) channels = undefined;
  if (!Array.isArray(channels) || channels.length === 0) {
    throw badRequest(multiChannel ? "channels (or channel) is required" : "channel is required");
  }
  if (channels.length > Limits.channelsPerTrigger) {
    throw badRequest(`At most ${Limits.channelsPerTrigger} channels per event`);
  }
  for (const channel of channels) {
    if (typeof channel !== "string" || !isValidChannelName(channel)) {
      throw badRequest(`Invalid channel name ${String(channel).slice(0, 210)}`);
    }
  }
  if (socketId !== undefined && (typeof socketId !== "string" || !SOCKET_ID.test(socketId))) {
    throw badRequest("socket_id must look like 123.456");
  }
  if (info !== undefined && typeof info !== "string") throw badRequest("info must be a string");
  const attributes = infoAttributes(info ?? null, ["user_count", "subscription_count"]);
  if (attributes.has("user_count") && channels.some((channel) => channelKind(channel as string) !== "presence")) {
    throw badRequest("user_count is only available for presence channels");
  }
  const requestId = typeof event.request_id === "string" && REQUEST_ID.test(event.request_id) ? event.request_id : undefined;
  return { name, data, channels: channels as string[], socketId, attributes, requestId };
}

function publishEvent(app: AppState, event: EventInput, log?: RealtimeLogger): void {
  for (const name of event.channels) {
    app.publish(name, encode({ event: event.name, channel: name, data: event.data }), event.socketId);
  }
  log?.("realtime: published", { event: event.name, channels: event.channels.length, ...(event.requestId ? { requestId: event.requestId } : {}) });
}

/** POST /events: one event to up to 100 channels, with the channels' info when asked. */
function triggerEvent(app: AppState, body: string, log?: RealtimeLogger): unknown {
  const event = parseEvent(parseJson(body), true);
  publishEvent(app, event, log);
  if (event.attributes.size === 0) return {};
  const channels: Record<string, Record<string, number>> = {};
  for (const name of event.channels) channels[name] = channelInfo(name, app.channels.get(name), event.attributes);
  return { channels };
}

/** POST /batch_events: up to 10 events, all validated before any is published. */
function triggerBatch(app: AppState, body: string, log?: RealtimeLogger): unknown {
  const batch = parseJson(body).batch;
  if (!Array.isArray(batch) || batch.length === 0) throw badRequest("batch must be a non-empty array");
  if (batch.length > Limits.eventsPerBatch) throw badRequest(`At most ${Limits.eventsPerBatch} events per batch`);
  // Validate all before publishing any, so a bad batch delivers nothing.
  const events = batch.map((event: unknown) => parseEvent(event, false));
  for (const event of events) publishEvent(app, event, log);
  if (events.every((event) => event.attributes.size === 0)) return {};
  return {
    batch: events.map((event) => {
      const name = event.channels[0] ?? "";
      return channelInfo(name, app.channels.get(name), event.attributes);
    }),
  };
}

function route(app: AppState, method: string, subPath: string, query: URLSearchParams, body: string, log?: RealtimeLogger): unknown {
  if (subPath === "/events" || subPath === "/batch_events") {
    if (method !== "POST") throw new RestError(405, "method_not_allowed", "Use POST");
    return subPath === "/events" ? triggerEvent(app, body, log) : triggerBatch(app, body, log);
  }
  // Choice: not in Pusher's API (its dashboard shows connections): the portal's /metrics reads it here.
  if (subPath === "/connections") {
    if (method !== "GET") throw new RestError(405, "method_not_allowed", "Use GET");
    return { connections: app.connections };
  }
  if (subPath === "/channels") {
    if (method !== "GET") throw new RestError(405, "method_not_allowed", "Use GET");
    const prefix = query.get("filter_by_prefix") ?? "";
    const attributes = infoAttributes(query.get("info"), ["user_count", "subscription_count"]);
    if (attributes.has("user_count") && !prefix.startsWith("presence-")) {
      throw badRequest("info=user_count needs filter_by_prefix=presence-");
    }
    const channels: Record<string, Record<string, number>> = {};
    for (const [name, channel] of app.channels) {
      if (name.startsWith(prefix)) channels[name] = channelInfo(name, channel, attributes);
    }
    return { channels };
  }
  const userMatch = /^\/users\/([^/]+)\/terminate_connections$/.exec(subPath);
  if (userMatch) {
    if (method !== "POST") throw new RestError(405, "method_not_allowed", "Use POST");
    const userId = decodeURIComponent(userMatch[1] ?? "");
    for (const socket of [...(app.users.get(userId) ?? [])]) {
      socket.disconnect(ErrorCode.unauthorized, "Connection terminated by the server");
    }
    return {};
  }
  const channelMatch = /^\/channels\/([^/]+)(\/users)?$/.exec(subPath);
  if (channelMatch) {
    if (method !== "GET") throw new RestError(405, "method_not_allowed", "Use GET");
    const name = decodeURIComponent(channelMatch[1] ?? "");
    if (!isValidChannelName(name)) throw badRequest("Invalid channel name");
    const channel = app.channels.get(name);
    if (channelMatch[2]) {
      if (channelKind(name) !== "presence") throw badRequest("Users are only available for presence channels");
      return { users: (channel?.roster?.userIds() ?? []).map((id) => ({ id })) };
    }
    const attributes = infoAttributes(query.get("info"), ["user_count", "subscription_count"]);
    return { occupied: channel !== undefined, ...channelInfo(name, channel, attributes) };
  }
  throw notFound(`No such route ${subPath}`);
}

export function createRestHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (error instanceof RestError) {
        sendError(res, error);
        // The rest of an oversized body is not worth reading.
        if (error.status === 413) res.once("finish", () => req.destroy());
        return;
      }
      sendError(res, new RestError(500, "internal", "Internal error"));
    });
  };
}

async function handle(deps: RestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? "/";
  const queryStart = rawUrl.indexOf("?");
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : rawUrl.slice(queryStart + 1));
  const method = req.method ?? "GET";

  const match = /^\/apps\/([^/]+)(\/.*)$/.exec(path);
  if (!match) throw notFound(`No such route ${path.slice(0, 200)}`);
  let appId: string;
  let subPath: string;
  try {
    appId = decodeURIComponent(match[1] ?? "");
    subPath = match[2] ?? "";
    decodeURIComponent(subPath);
  } catch {
    throw badRequest("Malformed percent-encoding in the path");
  }
  const app = deps.appsById.get(appId);
  if (!app) throw notFound(`Unknown app ${appId.slice(0, 100)}`);

  const body = await readBody(req);
  const failure = verifyRestRequest(app.credentials, { method, path, query, body, nowSeconds: deps.nowSeconds() });
  if (failure) throw new RestError(failure.status, failure.code, failure.message);

  sendJson(res, 200, route(app, method, subPath, query, body, deps.log));
}
