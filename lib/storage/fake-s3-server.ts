// A small in-process S3 for tests: path-style buckets, PUT/GET/DELETE objects,
// ListObjectsV2 with pagination, S3's XML errors, and a full SigV4 check
// written independently of aws4fetch (canonical request, scope, signature,
// payload hash, clock skew). Loopback only.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeS3Options {
  region?: string;
  buckets?: string[];
  credentials?: Record<string, string>;
  /** ListObjectsV2 page size (S3's is 1000) */
  pageSize?: number;
}

interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: Date;
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] as string);

export class FakeS3Server {
  readonly objects = new Map<string, Map<string, StoredObject>>();
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  private readonly server: Server;
  private readonly region: string;
  private readonly credentials: Record<string, string>;
  private readonly pageSize: number;
  private failures: Array<{ status: number; code: string }> = [];
  port = 0;

  constructor(opts: FakeS3Options = {}) {
    this.region = opts.region ?? "us-east-1";
    this.credentials = opts.credentials ?? { AKIDTEST: "secret-test-key" };
    this.pageSize = opts.pageSize ?? 1000;
    for (const bucket of opts.buckets ?? ["hourglass"]) this.objects.set(bucket, new Map());
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` requests fail with this status and S3 error code (e.g. 503 SlowDown). */
  failNext(count: number, status = 503, code = "SlowDown"): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, code });
  }

  clearFailures(): void {
    this.failures = [];
  }

  private send(res: ServerResponse, status: number, body: string | Buffer = "", headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-length": String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    this.send(res, status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`, {
      "content-type": "application/xml",
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://fake");
    const original = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      this.requests.push({ method: req.method ?? "", path: url.pathname, status });
      return (original as (...a: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof res.writeHead;

    const failure = this.failures.shift();
    if (failure) return this.error(res, failure.status, failure.code, "Injected failure");
    const authError = this.verifySignature(req, url, body);
    if (authError) return this.error(res, authError.status, authError.code, authError.message);

    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    const objects = this.objects.get(bucket);
    if (!objects) return this.error(res, 404, "NoSuchBucket", "The specified bucket does not exist");

    if (!key) {
      if (req.method === "GET" && url.searchParams.get("list-type") === "2") return this.list(res, bucket, objects, url.searchParams);
      return this.error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
    switch (req.method) {
      case "PUT":
        objects.set(key, { body, contentType: req.headers["content-type"] ?? "binary/octet-stream", lastModified: new Date() });
        return this.send(res, 200, "", { etag: `"${createHash("md5").update(body).digest("hex")}"` });
      case "GET": {
        const object = objects.get(key);
        if (!object) return this.error(res, 404, "NoSuchKey", "The specified key does not exist.");
        return this.send(res, 200, object.body, { "content-type": object.contentType, "last-modified": object.lastModified.toUTCString() });
      }
      case "DELETE":
        objects.delete(key);
        return this.send(res, 204);
      default:
        return this.error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  }

  private list(res: ServerResponse, bucket: string, objects: Map<string, StoredObject>, params: URLSearchParams): void {
    const prefix = params.get("prefix") ?? "";
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const after = params.get("continuation-token");
    const from = after ? keys.findIndex((k) => k > Buffer.from(after, "base64url").toString()) : 0;
    const page = from < 0 ? [] : keys.slice(from, from + this.pageSize);
    const truncated = from >= 0 && from + this.pageSize < keys.length;
    const contents = page
      .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${(objects.get(k) as StoredObject).lastModified.toISOString()}</LastModified><Size>${(objects.get(k) as StoredObject).body.length}</Size></Contents>`)
      .join("");
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1) as string).toString("base64url")}</NextContinuationToken>` : "";
    this.send(
      res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
      { "content-type": "application/xml" },
    );
  }

  /** null when the request carries a valid SigV4 header signature for a known key. */
  private verifySignature(req: IncomingMessage, url: URL, body: Buffer): { status: number; code: string; message: string } | null {
    const header = req.headers.authorization ?? "";
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(header);
    if (!m) return { status: 403, code: "AccessDenied", message: `Malformed or missing SigV4 Authorization header: ${header}` };
    const [, accessKey, date, region, service, signedHeaderList, signature] = m as unknown as string[];
    const secret = this.credentials[accessKey as string];
    if (!secret) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records." };
    if (region !== this.region || service !== "s3") return { status: 400, code: "AuthorizationHeaderMalformed", message: `Wrong scope ${region}/${service}` };
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(date as string)) return { status: 403, code: "AccessDenied", message: "X-Amz-Date missing or not matching the credential scope" };
    const at = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    if (Math.abs(Date.now() - at) > 15 * 60_000) return { status: 403, code: "RequestTimeTooSkewed", message: "The difference between the request time and the current time is too large." };
    const signedHeaders = (signedHeaderList as string).split(";");
    for (const required of ["host", "x-amz-date", "x-amz-content-sha256"]) {
      if (!signedHeaders.includes(required)) return { status: 403, code: "AccessDenied", message: `${required} must be signed` };
    }
    const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body)) {
      return { status: 400, code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    }
    const rawPath = (req.url ?? "/").split("?")[0] as string;
    const canonicalUri = rawPath.split("/").map((seg) => rfc3986(decodeURIComponent(seg))).join("/");
    const canonicalQuery = [...url.searchParams]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const canonicalHeaders = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
    const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join("\n");
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date as string), region as string), "s3"), "aws4_request");
    const expected = createHmac("sha256", key).update(stringToSign).digest("hex");
    if (expected !== signature) return { status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
    return null;
  }
}
