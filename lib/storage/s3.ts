// S3-compatible object storage (AWS S3, MinIO, R2, Backblaze, ...) behind the
// BlobStore interface, signed with SigV4 by aws4fetch. Objects stay private:
// the portal reads them with its own credentials and streams them after an
// access check, so there are no public or presigned URLs.
import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import type { BlobListing, BlobStore } from "./blob-store";
import { StorageUnavailableError } from "./errors";

export interface S3Config {
  /** e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000 (MinIO) */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key) rather than in the host name (http://bucket.host/key) */
  forcePathStyle: boolean;
}

const REQUIRED = ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

/** True when any S3_* storage variable is set: then S3 is used, and a missing one is an error. */
export function s3Requested(env: Record<string, string | undefined> = process.env): boolean {
  return ["S3_ENDPOINT", "S3_REGION", "S3_FORCE_PATH_STYLE", ...REQUIRED].some((name) => Boolean(env[name]));
}

/**
 * S3 settings from the environment. Choice: S3_REGION defaults to us-east-1 (what most
 * S3-compatible servers expect), S3_ENDPOINT to AWS's regional endpoint, and a partial
 * configuration is refused at start rather than silently falling back to the local folder.
 */
export function s3ConfigFromEnv(env: Record<string, string | undefined> = process.env): S3Config {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length) throw new Error(`S3 storage is configured partially: set ${missing.join(", ")} (or unset every S3_* variable to use the local folder).`);
  const region = env.S3_REGION || "us-east-1";
  const endpoint = (env.S3_ENDPOINT || `https://s3.${region}.amazonaws.com`).replace(/\/+$/, "");
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`S3_ENDPOINT must be a URL such as https://s3.${region}.amazonaws.com, got "${endpoint}"`);
  }
  return {
    endpoint,
    region,
    bucket: env.S3_BUCKET as string,
    accessKeyId: env.S3_ACCESS_KEY_ID as string,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY as string,
    forcePathStyle: /^(1|true|yes)$/i.test(env.S3_FORCE_PATH_STYLE ?? ""),
  };
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
    this.name = "S3Error";
  }
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

function xmlBlocks(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1] as string);
}

function xmlValues(xml: string, tag: string): string[] {
  return xmlBlocks(xml, tag).map(decodeXml);
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e] as string);
}

async function s3Error(res: Response): Promise<S3Error> {
  const body = await res.text().catch(() => "");
  return new S3Error(res.status, xmlValues(body, "Code")[0] ?? `HTTP${res.status}`, xmlValues(body, "Message")[0] ?? res.statusText);
}

export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;

  constructor(private readonly config: S3Config) {
    // aws4fetch retries 5xx and 429 with exponential backoff; three tries keep a request bounded.
    this.client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: "s3", region: config.region, retries: 3, initRetryMs: 100 });
  }

  /** A signed request; a network failure (refused, reset, cut mid-body) is the store being unavailable. */
  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.client.fetch(url, init);
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new StorageUnavailableError(`S3 at ${new URL(this.config.endpoint).host} cannot be reached (${cause}).`, { cause: error });
    }
  }

  /** The bucket's base URL, path-style or virtual-hosted. */
  bucketUrl(): string {
    const url = new URL(this.config.endpoint);
    if (this.config.forcePathStyle) return `${url.origin}${url.pathname.replace(/\/$/, "")}/${this.config.bucket}`;
    return `${url.protocol}//${this.config.bucket}.${url.host}${url.pathname.replace(/\/$/, "")}`;
  }

  objectUrl(key: string): string {
    return `${this.bucketUrl()}/${encodeKey(key)}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const res = await this.send(this.objectUrl(key), {
      method: "PUT",
      body: bytes as Uint8Array<ArrayBuffer>,
      // A signed payload hash: the server rejects a body changed in transit.
      headers: { "Content-Type": contentType, "X-Amz-Content-Sha256": createHash("sha256").update(bytes).digest("hex") },
    });
    if (!res.ok) throw await s3Error(res);
    await res.arrayBuffer();
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.send(this.objectUrl(key), { method: "GET" });
    if (res.status === 404) {
      const error = await s3Error(res);
      if (error.code === "NoSuchKey" || error.code === "HTTP404") return null;
      throw error; // NoSuchBucket is a configuration error, not a missing object
    }
    if (!res.ok) throw await s3Error(res);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const res = await this.send(this.objectUrl(key), { method: "DELETE" });
    // S3 answers 204 whether or not the key existed; some compatible servers answer 404.
    if (!res.ok && res.status !== 404) throw await s3Error(res);
    await res.arrayBuffer();
  }

  async *list(prefix: string): AsyncIterable<BlobListing> {
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      if (token) query.set("continuation-token", token);
      const res = await this.send(`${this.bucketUrl()}/?${query.toString()}`, { method: "GET" });
      if (!res.ok) throw await s3Error(res);
      const xml = await res.text();
      for (const item of xmlBlocks(xml, "Contents")) {
        const key = xmlValues(item, "Key")[0];
        const modified = xmlValues(item, "LastModified")[0];
        if (key) yield { key, lastModified: modified ? new Date(modified) : new Date(0) };
      }
      token = xmlValues(xml, "IsTruncated")[0] === "true" ? xmlValues(xml, "NextContinuationToken")[0] : undefined;
    } while (token);
  }
}
