// The route template a request path belongs to (`/api/calls/[callId]/accept`, `/diary`), read from the
// build's own routes manifest (<distDir>/routes-manifest.json), so the labels of /metrics follow Next's
// routing exactly: every page and route handler, with or without our wrappers, and the rewrites
// (/.well-known/hourglass-keys.json, /metrics) by their public path. Never a raw URL: ids and unknown
// paths collapse into a bounded set of labels.
// Choice: a page is labelled by its own template too (/reports/invoices/[referenceId]) rather than all pages
// by one value: there are no more of them than page files, so the set stays bounded, and a slow page is named.
// No "server-only" marker: scripts/web.ts loads it in plain Node.
import { readFileSync } from "node:fs";
import path from "node:path";

interface ManifestRoute {
  page?: string;
  source?: string;
  regex: string;
}
interface RoutesManifest {
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
  rewrites?: ManifestRoute[] | { beforeFiles?: ManifestRoute[]; afterFiles?: ManifestRoute[]; fallback?: ManifestRoute[] };
}

/** Static files and Next's own assets; anything else no route knows (a 404, a public file) is "other". */
export const NEXT_ASSETS = "/_next/*";
export const UNMATCHED = "other";

export type RouteTemplateOf = (pathname: string) => string;

/** A matcher over the build in `distDir` (what NEXT_DIST_DIR names; `.next` by default). */
export function routeTemplates(distDir: string): RouteTemplateOf {
  const manifest = JSON.parse(readFileSync(path.resolve(distDir, "routes-manifest.json"), "utf8")) as RoutesManifest;
  const rewrites = Array.isArray(manifest.rewrites) ? manifest.rewrites : [...(manifest.rewrites?.beforeFiles ?? []), ...(manifest.rewrites?.afterFiles ?? []), ...(manifest.rewrites?.fallback ?? [])];
  // Next's order: static pages, rewrites of public paths, then dynamic routes (already sorted most specific first).
  const matchers = [...(manifest.staticRoutes ?? []), ...rewrites.map((r) => ({ ...r, page: r.source })), ...(manifest.dynamicRoutes ?? [])]
    .filter((r): r is ManifestRoute & { page: string } => typeof r.page === "string" && !r.page.startsWith("/_"))
    .map((r) => ({ template: r.page, regex: new RegExp(r.regex) }));
  const exact = new Map<string, string>();
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return NEXT_ASSETS;
    const known = exact.get(pathname);
    if (known) return known;
    // An RSC request of a page may carry the .rsc suffix; it is the page's request all the same.
    const p = pathname.endsWith(".rsc") ? pathname.slice(0, -4) : pathname;
    const template = matchers.find((m) => m.regex.test(p))?.template ?? UNMATCHED;
    // Static paths are few and repeat; remember them (never a dynamic path: that would grow with ids).
    if (template === pathname && exact.size < 1000) exact.set(pathname, template);
    return template;
  };
}
