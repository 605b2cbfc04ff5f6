// S3 for tests: s3rver on loopback behind a small front that counts requests and, when a test
// asks, fails the next ones as S3 does under load (503 SlowDown, 500 InternalError).
// s3rver runs with OpenSSL's legacy provider: its listing tokens are DES-encrypted.
// It checks the key id, clock and SigV4 form but not the signature, so a wrong secret passes here.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

/** The one key pair s3rver knows. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface TestS3 {
  /** the front's URL: use it as S3_ENDPOINT, path-style */
  endpoint: string;
  /** every request that reached the front: method and path (no query) */
  requests: Array<{ method: string; path: string }>;
  /** the next `count` requests answer this status and S3 error code instead of reaching s3rver */
  failNext(count: number, status: number, code: string): void;
  /** the next `count` requests with a body lose their connection once its first bytes arrived (nothing reaches s3rver) */
  cutNext(count: number): void;
  stop(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

/** Starts s3rver with these buckets (empty) and its front; `env` is its process's (e.g. a machine clock). */
export async function startTestS3(buckets: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), "hourglass-s3rver-"));
  const options = { directory, vhostBuckets: false, configureBuckets: buckets.map((name) => ({ name, configs: [] })) };
  const child = spawn(process.execPath, ["--openssl-legacy-provider", path.join(import.meta.dirname, "s3rver-process.mjs"), JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "inherit"],
    env,
  });
  const exited = once(child, "exit");
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), "line"), exited.then(() => [null])])) as [string | null];
  if (line === null) throw new Error("s3rver did not start");
  const { port: s3Port } = JSON.parse(line) as { port: number };

  const failures: Array<{ status: number; code: string }> = [];
  const requests: TestS3["requests"] = [];
  let cuts = 0;
  const front = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: (req.url ?? "/").split("?")[0]! });
    if (cuts > 0 && Number(req.headers["content-length"] ?? 0) > 0) {
      cuts--;
      req.once("data", () => req.socket.destroy());
      return;
    }
    const failure = failures.shift();
    if (failure) {
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>Injected by the test</Message></Error>`;
      res.writeHead(failure.status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const upstream = request({ host: "127.0.0.1", port: s3Port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (error) => res.destroy(error));
    req.pipe(upstream);
  });
  const frontPort = await listen(front);

  return {
    endpoint: `http://127.0.0.1:${frontPort}`,
    requests,
    failNext(count, status, code) {
      for (let i = 0; i < count; i++) failures.push({ status, code });
    },
    cutNext(count) {
      cuts += count;
    },
    async stop() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      child.stdin.end(); // s3rver-process closes and exits
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
