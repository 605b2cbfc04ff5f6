// The request a line of work belongs to: scripts/web.ts runs every request inside a scope holding its
// id, so the logger (./log.ts), the email outbox rows it queues and the realtime events it publishes all
// name it. The store lives on globalThis, as the peer address does (lib/rate-limit/client-address.ts):
// tsx (scripts/web.ts) and Next's bundle (the route handlers) load separate copies of this module.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { peerAddress, trustedProxies } from "../rate-limit/client-address";

export interface RequestContext {
  requestId: string;
}

const STORE = Symbol.for("hourglass.requestContext");
const globals = globalThis as { [STORE]?: AsyncLocalStorage<RequestContext> };
const store = (globals[STORE] ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` (and everything it awaits or schedules) as part of the request `context` names. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return store.run(context, fn);
}

/** The id of the request being handled (or of the job that carries one), if any. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/** A fresh id: 16 random bytes as base64url, which the log scrubber's digit-run rule never mistakes for a card number. */
export function newRequestId(): string {
  return randomBytes(16).toString("base64url");
}

// Choice: a proxy's id is kept as it came when it is 8-128 characters of [A-Za-z0-9._:-] (nginx's
// $request_id, a UUID, AWS's Root=1-... ids); anything else (spaces, quotes, a line break meant to
// forge a log line, a 4 kB header) is replaced by our own.
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The id for a request: the X-Request-Id a trusted proxy sent, when `fromTrustedProxy` and the value is
 * sane, else a new one. A client talking to us directly cannot choose its id (and so cannot make its
 * lines look like someone else's).
 */
export function requestIdFor(header: string | string[] | undefined, fromTrustedProxy: boolean): string {
  const value = Array.isArray(header) ? header[0] : header;
  return fromTrustedProxy && value && SANE_ID.test(value) ? value : newRequestId();
}

/**
 * Wraps scripts/web.ts's request listener (inside withPeerAddress): every request gets an id (a
 * TRUSTED_PROXIES proxy's sane X-Request-Id, else a new one), answered as x-request-id, seen by route
 * handlers as that request header and held in the context, so its log lines, the emails it queues and
 * the realtime events it publishes all name it.
 */
export function withRequestId(
  listener: (req: IncomingMessage, res: ServerResponse) => unknown,
): (req: IncomingMessage, res: ServerResponse) => unknown {
  return (req, res) => {
    const peer = peerAddress();
    const family = peer ? isIP(peer) : 0;
    const fromProxy = family !== 0 && trustedProxies().check(peer as string, family === 6 ? "ipv6" : "ipv4");
    const requestId = requestIdFor(req.headers["x-request-id"], fromProxy);
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    return runWithRequestContext({ requestId }, () => listener(req, res));
  };
}
