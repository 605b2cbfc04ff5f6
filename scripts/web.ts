// The web process of `npm start` (and of the e2e run): Next's production server behind a plain
// Node HTTP server of ours, for one reason: route handlers must know the socket address a
// request came from, which Next 16 does not give them. Each request runs inside a scope holding
// it (lib/rate-limit/client-address.ts), so per-address rate limits count the real peer, or the
// client a TRUSTED_PROXIES proxy names, never an X-Forwarded-For the client wrote itself.
// Usage: tsx scripts/web.ts [--port 3000] [--hostname 0.0.0.0]   (NEXT_DIST_DIR picks the build)
import { createServer, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { withRequestMetrics } from "../lib/observability/http-metrics";
import { trustedProxies, withPeerAddress } from "../lib/rate-limit/client-address";
import { startLogging } from "../lib/observability/log";
import { withRequestId } from "../lib/observability/request-context";

startLogging("web"); // in production every line, Next's own included, is JSON with the request id

// As `next start` does, before Next is loaded.
Object.assign(process.env, { NODE_ENV: "production" });
const { default: next } = await import("next");

const { values } = parseArgs({ options: { port: { type: "string" }, hostname: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOST ?? "0.0.0.0";
trustedProxies(); // a malformed TRUSTED_PROXIES stops the start, not the first sign-in

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer(withPeerAddress(withRequestId(withRequestMetrics(process.env.NEXT_DIST_DIR || ".next", (req, res) => handle(req, keepContentLength(res))))));
server.listen(port, hostname, () => console.log(`web listening on http://${hostname}:${port}`));

/**
 * Next 16 drops Content-Length from route handlers' answers (next/dist/server/send-response.js), so a
 * download (app/download/[file]) would arrive chunked, with no size for curl or the browser to show. A
 * handler that knows its length also says it in x-hourglass-content-length; it goes out as Content-Length.
 */
function keepContentLength(res: ServerResponse): ServerResponse {
  const set = res.setHeader.bind(res);
  res.setHeader = (name, value) => set(name.toLowerCase() === "x-hourglass-content-length" ? "content-length" : name, value);
  return res;
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref(); // requests still open after 5 s are cut
  });
}
