// Calling the real route handlers of app/api from an integration test, as Next would: every
// route.ts under app/api read from disk with the HTTP methods it exports, its dynamic segments
// filled from the URL, and next-auth loaded for real. Used by the route tests under app/api.
import { readdirSync } from "node:fs";
import path from "node:path";
import { register } from "node:module";
import { fileURLToPath } from "node:url";
import { NextRequest } from "next/server";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof HTTP_METHODS)[number];
export type RouteParams = Record<string, string | string[]>;
export type Handler = (req: NextRequest, ctx: { params: Promise<RouteParams> }) => Promise<Response> | Response;
export type Routes = Map<string, Partial<Record<Method, Handler>>>;

/**
 * What next-auth's actions read through next/headers: the request being sent, and with a `jar`
 * the cookies they set (a browser's, for tests that sign in); without one they are dropped.
 */
export const requestScope: { headers: Headers; jar?: Map<string, string> } = { headers: new Headers() };

/**
 * next-auth loads for real with two stand-ins for what Next gives it: "next/server" resolved without ".js",
 * and next/headers reading `requestScope`. Call once, before importing any route.
 */
export function registerNextAuthShims(): void {
  (globalThis as { routeAccessRequestScope?: typeof requestScope }).routeAccessRequestScope = requestScope;
  const nextHeaders = `const scope = () => globalThis.routeAccessRequestScope;
export const headers = async () => scope().headers;
export const cookies = async () => {
  const jar = scope().jar;
  return {
    get: (name) => (jar?.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => (jar ? [...jar].map(([name, value]) => ({ name, value })) : []),
    set: (name, value) => void (jar && (value ? jar.set(name, value) : jar.delete(name))),
    delete: (name) => void jar?.delete(name),
  };
};`;
  const hooks = `export function resolve(s, c, next) {
  if (s === "next/headers" && c.parentURL?.includes("/node_modules/next-auth/")) return { url: "data:text/javascript," + encodeURIComponent(${JSON.stringify(nextHeaders)}), shortCircuit: true };
  return next(/^next\\/(server|navigation)$/.test(s) ? s + ".js" : s, c);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);
}

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(`${dir}/${e.name}`) : e.name === "route.ts" ? [`${dir}/${e.name}`] : [],
  );
}

/** A request as a route receives it from the portal's own host: JSON when `json` is given, else `body`. */
export function routeRequest(path: string, init: { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): NextRequest {
  const headers = new Headers({ ...init.headers, host: "portal.test" });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(`http://portal.test${path}`, { method: init.method ?? "GET", headers, body: init.json === undefined ? init.body : JSON.stringify(init.json) });
}

/** The second argument Next passes a route handler: its dynamic segments. */
export const routeContext = <P extends object>(params: P) => ({ params: Promise.resolve(params) });
export const noParams = routeContext({} as Record<string, never>);

/** "/api/contracts/[id]" -> its module's exported handlers, for every route.ts under app/api. */
export async function loadRoutes(): Promise<Routes> {
  const routes: Routes = new Map();
  for (const file of routeFiles("app/api").sort()) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const handlers: Partial<Record<Method, Handler>> = {};
    for (const m of HTTP_METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as Handler;
    routes.set(file.slice("app".length, -"/route.ts".length), handlers);
  }
  return routes;
}

/** The dynamic segments of `route` filled from `pathname`, as Next passes them; throws when the URL is not this route's. */
export function paramsFor(route: string, pathname: string): RouteParams {
  const pattern = route.split("/");
  const parts = pathname.split("/");
  const params: RouteParams = {};
  for (const [i, seg] of pattern.entries()) {
    const rest = /^\[\.\.\.(.+)\]$/.exec(seg);
    if (rest) {
      params[rest[1]!] = parts.slice(i).map(decodeURIComponent);
      return params;
    }
    const one = /^\[(.+)\]$/.exec(seg);
    if (one) params[one[1]!] = decodeURIComponent(parts[i] ?? "");
    else if (seg !== parts[i]) throw new Error(`${pathname} is not a URL of ${route}`);
  }
  if (parts.length !== pattern.length) throw new Error(`${pathname} is not a URL of ${route}`);
  return params;
}

/** The names of a route's dynamic segments: "/api/diary/[contractId]/days/[day]" -> ["contractId", "day"]. */
export function dynamicSegments(route: string): Array<{ name: string; rest: boolean }> {
  return route.split("/").flatMap((seg) => {
    const m = /^\[(\.\.\.)?(.+)\]$/.exec(seg);
    return m ? [{ name: m[2]!, rest: Boolean(m[1]) }] : [];
  });
}
