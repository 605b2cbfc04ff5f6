// The two ways into a route handler: a browser session (withSession) or a
// tracker token (withTrackerToken). Both map every error to one JSON shape.
import type { NextRequest } from "next/server";
import type { Role } from "@/lib/generated/prisma/enums";
import { currentUser, type CurrentUser } from "@/lib/auth/current-user";
import { authenticateTrackerToken, type TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import { appMode, now } from "@/lib/clock";
import { requestAddress } from "@/lib/rate-limit/client-address";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { ApiError, errorResponse } from "./errors";

type RouteContext<P> = { params: Promise<P> };

function assertSameOrigin(req: NextRequest): void {
  // Cookie-authenticated writes must come from our own pages (CSRF); `Origin: null` is foreign, not a 500.
  if (req.method === "GET" || req.method === "HEAD") return;
  if (!isSameOrigin(req.headers)) throw new ApiError("forbidden", "Cross-site request refused.");
}

export function withSession<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: { user: CurrentUser; params: P }) => Promise<Response>,
  opts: { roles?: readonly Role[] } = {},
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
      assertSameOrigin(req);
      if (opts.roles && !opts.roles.includes(user.role)) throw new ApiError("forbidden", "Your account's role cannot do this.");
      return await handler(req, { user, params: await ctx.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function withTrackerToken<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: { principal: TrackerPrincipal; params: P }) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const principal = await authenticateTrackerToken(req.headers.get("authorization"), now());
      return await handler(req, { principal, params: await ctx.params });
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
