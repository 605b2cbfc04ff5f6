// The window's HTTP server: loopback only, a random port, and a random secret in
// every path (/s/<secret>/...). Nothing else on the machine (another user's
// process, a web page in a browser) may read the tracker's state or drive it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes, timingSafeEqual } from "node:crypto";

export interface AppRequest {
  method: "GET" | "POST";
  /** the path after /s/<secret>, e.g. "/" or "/api/state" */
  path: string;
  /** the parsed JSON body of a POST */
  body: unknown;
}

export interface AppResponse {
  status: number;
  type: string;
  body: string | Buffer;
}

type AppHandler = (request: AppRequest) => Promise<AppResponse> | AppResponse;

export interface AppServer {
  server: Server;
  port: number;
  secret: string;
  /** the window's address, secret included */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

// Choice: no inline script or style, no frames, no other origins; images only from here (the preview).
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // The secret is in the URL: links to the portal must never carry it away in a Referer.
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-resource-policy": "same-origin",
} as const;

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Why a request is refused (403), or null when it may go on: the secret must open the path, the Host
 * must be this server's own (no DNS rebinding), an Origin must be this server's own, and a change
 * (POST) must come from this origin with a JSON body.
 */
function refusal(req: Pick<IncomingMessage, "method" | "url" | "headers">, port: number, secret: string): string | null {
  const own = `127.0.0.1:${port}`;
  const match = /^\/s\/([^/?#]+)(\/[^?#]*)?/.exec(req.url ?? "");
  if (!match || !sameSecret(match[1] as string, secret)) return "This address needs the tracker window's secret.";
  if (req.headers.host !== own) return "Wrong Host: the tracker window answers only on its own address.";
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${own}`) return "Requests from other origins are refused.";
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return "Requests from other sites are refused.";
  if (req.method === "POST") {
    if (origin === undefined) return "A change must come from the tracker window (no Origin header).";
    if (!/^application\/json(;|$)/i.test(req.headers["content-type"] ?? "")) return "A change must be sent as JSON.";
  }
  return null;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, "application/json; charset=utf-8", JSON.stringify(value));

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

/** Listens on 127.0.0.1 at a random free port (or `port`), with a fresh secret unless one is given. */
export async function startAppServer(handler: AppHandler, opts: { port?: number; secret?: string } = {}): Promise<AppServer> {
  const secret = opts.secret ?? randomBytes(24).toString("base64url");
  let port = 0;
  const server = createServer((req, res) => {
    const why = refusal(req, port, secret);
    if (why) return json(res, 403, { error: why });
    if (req.method !== "GET" && req.method !== "POST") {
      res.setHeader("allow", "GET, POST");
      return json(res, 405, { error: "Only GET and POST." });
    }
    const method = req.method;
    const path = /^\/s\/[^/?#]+(\/[^?#]*)?/.exec(req.url ?? "")?.[1] ?? "/";
    (method === "POST" ? readBody(req) : Promise.resolve(undefined))
      .then(
        (body) => Promise.resolve(handler({ method, path, body })).then((answer) => send(res, answer.status, answer.type, answer.body)),
        () => json(res, 400, { error: "The body is not JSON (at most 64 KB)." }),
      )
      .catch((error: unknown) => json(res, 500, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    secret,
    url: `http://127.0.0.1:${port}/s/${secret}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
