import "server-only";
// The worker's /metrics (scripts/worker.ts): a plain node:http server on METRICS_HOST (default 127.0.0.1)
// and WORKER_METRICS_PORT, answering like the web's GET /metrics, behind the same METRICS_TOKEN.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerMetrics, metricsEnabled } from "./metrics";
import { registerScrapeSources } from "./scrape-sources";

/** Listens when WORKER_METRICS_PORT is set (0 picks a free port); null otherwise. Says where in `log`. */
export async function serveWorkerMetrics(log: (line: string) => void, env: Record<string, string | undefined> = process.env): Promise<Server | null> {
  if (env.WORKER_METRICS_PORT === undefined || env.WORKER_METRICS_PORT === "") return null;
  const port = Number(env.WORKER_METRICS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    log(`[worker] WORKER_METRICS_PORT must be a port number, got "${env.WORKER_METRICS_PORT}": no /metrics`);
    return null;
  }
  // Choice: without a token there is nothing to serve (the web's /metrics is 404 then); say so once rather than refuse to run jobs.
  if (!metricsEnabled()) {
    log("[worker] WORKER_METRICS_PORT is set but METRICS_TOKEN is not: no /metrics");
    return null;
  }
  registerScrapeSources();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    answerMetrics(req.headers.authorization ?? null).then(
      ({ status, headers, body }) => res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("Metrics failed\n"),
    );
  });
  const host = env.METRICS_HOST || "127.0.0.1";
  const listening = await new Promise<boolean>((resolve) => {
    // Choice: a port taken or refused costs the metrics, never the jobs: one line, and the worker runs on.
    server.once("error", (error: NodeJS.ErrnoException) => {
      log(`[worker] cannot serve /metrics on ${host}:${port} (${error.code ?? error.message}); running without it`);
      resolve(false);
    });
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) return null;
  log(`[worker] metrics on http://${host}:${(server.address() as AddressInfo).port}/metrics`);
  return server;
}
