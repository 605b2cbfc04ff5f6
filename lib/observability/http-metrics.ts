// Counts every request the web process answers (scripts/web.ts), by the route template of the build it
// serves. Choice: here, around Next's handler, rather than in the route wrappers (app/api/_lib/handler.ts):
// it sees pages, route handlers that use no wrapper, the proxy's redirects and 404s alike, and Next's
// own routes manifest names the template, so no route has to pass one.
// No "server-only" marker: scripts/web.ts loads it in plain Node.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { countHttpRequest, metricsEnabled } from "./metrics";
import { routeTemplates } from "./route-templates";

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** `listener`, counted into hourglass_http_requests_total and its duration when metrics are on (else `listener` itself). */
export function withRequestMetrics(distDir: string, listener: Listener): Listener {
  if (!metricsEnabled()) return listener;
  const templateOf = routeTemplates(distDir);
  return (req, res) => {
    const started = performance.now();
    res.once("close", () => {
      const url = req.url ?? "/";
      const query = url.indexOf("?");
      const route = templateOf(query === -1 ? url : url.slice(0, query));
      countHttpRequest(route, req.method ?? "GET", res.statusCode, (performance.now() - started) / 1000);
    });
    return listener(req, res);
  };
}
