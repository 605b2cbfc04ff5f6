// The ways into a route handler: a browser session (withSession), a tracker token
// (withTrackerToken), or no credential at all (withoutSession: signing in, the realtime server's
// webhooks). Each parses the route's params and JSON body with the zod schemas it is given and
// answers every error through the one responder (./respond.ts).
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentUser, type CurrentUser } from "@/lib/auth/current-user";
import { authenticateTrackerToken, type TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { mustEnrolSecondFactor, openWhileEnrolling } from "@/lib/auth/admin-second-factor";
import { requestAddress } from "@/lib/rate-limit/client-address";
import { appMode, now } from "@/lib/clock";
import { ApiError, notFound } from "@/lib/errors";
import { errorResponse } from "./respond";

/** A schema, or one built per request (from a header, or from the clock). */
type Schema = z.ZodType | ((req: NextRequest) => z.ZodType);
type Parsed<S> = S extends z.ZodType ? z.output<S> : S extends (req: NextRequest) => infer Z ? (Z extends z.ZodType ? z.output<Z> : never) : undefined;

interface InputOptions {
  /** the route's dynamic segments; a URL they do not match names nothing: 404 with the first issue's message */
  params?: z.ZodType;
  /** the JSON body; not JSON is 400 bad_request, JSON the schema refuses is 422 naming the fields */
  body?: Schema;
}
type Inputs<O> = {
  params: O extends { params: infer S } ? Parsed<S> : Record<string, never>;
  body: O extends { body: infer S } ? Parsed<S> : undefined;
};
type RouteContext = { params: Promise<unknown> };

/** Route ids are UUIDs; anything else cannot name a row, so it is not found, like a row that does not exist. */
export const routeId = (notFoundMessage: string) => z.uuid({ error: notFoundMessage });

/** The body as JSON. Choice: an empty body reads as {} (no fields), so a request that needs none may send nothing. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
}

/** The JSON body parsed with `schema` (400 when it is not JSON, 422 when the schema refuses it). */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  return schema.parse(await readJson(req));
}

async function inputs<O extends InputOptions>(req: NextRequest, ctx: RouteContext, opts: O): Promise<Inputs<O>> {
  let params: unknown = {};
  if (opts.params) {
    const parsed = opts.params.safeParse(await ctx.params);
    if (!parsed.success) throw notFound(parsed.error.issues[0]?.message);
    params = parsed.data;
  }
  const schema = typeof opts.body === "function" ? opts.body(req) : opts.body;
  const body = schema ? await parseBody(req, schema) : undefined;
  return { params, body } as Inputs<O>;
}

/** `schema` with the Idempotency-Key header as its `idempotencyKey` (without the header, the body's own). */
export function withIdempotencyKey<S extends z.ZodType>(schema: S): (req: NextRequest) => z.ZodType<z.output<S>> {
  return (req) =>
    z.preprocess((body) => {
      if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
      return { ...body, idempotencyKey: req.headers.get("idempotency-key") ?? (body as { idempotencyKey?: unknown }).idempotencyKey };
    }, schema);
}

function assertSameOrigin(req: NextRequest): void {
  // Cookie-authenticated writes must come from our own pages (CSRF); `Origin: null` is foreign, not a 500.
  if (req.method === "GET" || req.method === "HEAD") return;
  if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
}

export function withSession<const O extends InputOptions & { roles?: readonly Role[] } = Record<never, never>>(
  handler: (req: NextRequest, ctx: { user: CurrentUser } & Inputs<O>) => Promise<Response>,
  opts: O = {} as O,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
      assertSameOrigin(req);
      if (opts.roles && !opts.roles.includes(user.role)) throw new ApiError("forbidden", "Your account's role cannot do this.");
      // R16.3 an admin without two-step verification may only set it up
      if (!openWhileEnrolling(req.nextUrl.pathname) && (await mustEnrolSecondFactor(user))) {
        throw new ApiError("forbidden", "Admins must turn on two-step verification first: Settings › Security.");
      }
      return await handler(req, { user, ...(await inputs(req, ctx, opts)) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function withTrackerToken<const O extends InputOptions = Record<never, never>>(
  handler: (req: NextRequest, ctx: { principal: TrackerPrincipal } & Inputs<O>) => Promise<Response>,
  opts: O = {} as O,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const principal = await authenticateTrackerToken(req.headers.get("authorization"), now());
      return await handler(req, { principal, ...(await inputs(req, ctx, opts)) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** No credential checked here: the handler decides who may call it (a password, a webhook signature). */
export function withoutSession<const O extends InputOptions = Record<never, never>>(
  handler: (req: NextRequest, ctx: Inputs<O>) => Promise<Response>,
  opts: O = {} as O,
) {
  return async (req: NextRequest, ctx: RouteContext = { params: Promise.resolve({}) }): Promise<Response> => {
    try {
      return await handler(req, await inputs(req, ctx, opts));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Client address for rate limits: the socket's address, or with TRUSTED_PROXIES in front the
 * address the nearest untrusted hop was seen from (lib/rate-limit/client-address.ts). A client
 * cannot choose it by writing X-Forwarded-For itself.
 */
export function clientIp(req: NextRequest): string {
  return requestAddress(req.headers, appMode() === "production");
}
