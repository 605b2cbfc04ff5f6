import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "../../tests/support/s3";
import { S3BlobStore, S3Error, s3ConfigFromEnv, s3Requested, type S3Config } from "./s3";
import { LocalBlobStore, createBlobStore, type BlobStore } from "./index";

let s3: TestS3;
let config: S3Config;

beforeAll(async () => {
  s3 = await startTestS3(["shots", "other"]);
  config = { endpoint: s3.endpoint, region: "eu-central-1", bucket: "shots", ...S3RVER_CREDENTIALS, forcePathStyle: true };
});
afterAll(() => s3?.stop());

async function collect(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of it) keys.push(item.key);
  return keys;
}

/** What S3 itself serves for the key (status, content type, bytes), read past S3BlobStore. */
async function served(bucket: string, key: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const client = new AwsClient({ ...S3RVER_CREDENTIALS, service: "s3", region: config.region, retries: 0 });
  const res = await client.fetch(new S3BlobStore({ ...config, bucket }).objectUrl(key));
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("S3BlobStore against s3rver", () => {
  it("puts, gets and deletes objects; S3 keeps each one's content type", async () => {
    const store = new S3BlobStore(config);
    const jpeg = Buffer.from("jpeg bytes \u00ff", "latin1");
    await store.put("screenshots/c1/a b+c(1).jpg", jpeg, "image/jpeg");
    await store.put("attachments/c1/notes.pdf", Buffer.from("%PDF"), "application/pdf");
    expect(await store.get("screenshots/c1/a b+c(1).jpg")).toEqual(jpeg);
    expect(await served("shots", "screenshots/c1/a b+c(1).jpg")).toEqual({ status: 200, type: "image/jpeg", bytes: jpeg });
    expect((await served("shots", "attachments/c1/notes.pdf")).type).toBe("application/pdf");
    await store.delete("screenshots/c1/a b+c(1).jpg");
    expect(await store.get("screenshots/c1/a b+c(1).jpg")).toBeNull();
    expect((await served("shots", "screenshots/c1/a b+c(1).jpg")).status).toBe(404);
  });

  it("replaces an object on a second put of its key", async () => {
    const store = new S3BlobStore(config);
    await store.put("screenshots/c1/again.jpg", Buffer.from("first"), "image/jpeg");
    await store.put("screenshots/c1/again.jpg", Buffer.from("second"), "image/webp");
    expect(await served("shots", "screenshots/c1/again.jpg")).toEqual({ status: 200, type: "image/webp", bytes: Buffer.from("second") });
  });

  it("keeps buckets apart", async () => {
    await new S3BlobStore(config).put("shared/key", Buffer.from("in shots"), "text/plain");
    expect(await new S3BlobStore({ ...config, bucket: "other" }).get("shared/key")).toBeNull();
  });

  it("offers no putNew: ingest writes new keys with put on S3 (BlobStore.putNew is optional)", () => {
    // Choice: no conditional create (If-None-Match: *) on S3; not every S3-compatible server has it (s3rver has not), and a new key has a random part anyway.
    const store: BlobStore = new S3BlobStore(config);
    expect(store.putNew).toBeUndefined();
  });

  it("answers null for a missing key and treats deleting one as done", async () => {
    const store = new S3BlobStore(config);
    expect(await store.get("screenshots/nope.jpg")).toBeNull();
    await expect(store.delete("screenshots/nope.jpg")).resolves.toBeUndefined();
  });

  it("lists every key under a prefix, and only those, across pages (continuation tokens)", async () => {
    const store = new S3BlobStore(config);
    // S3 pages ListObjectsV2 by 1000 keys: 1003 under the prefix take two pages
    const keys = Array.from({ length: 1003 }, (_, i) => `p/${String(i).padStart(4, "0")}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from(k), "text/plain")));
    await store.put("q/1", Buffer.from("q"), "text/plain");
    await store.put("pp/1", Buffer.from("pp"), "text/plain");
    const before = s3.requests.length;
    expect(await collect(store.list("p/"))).toEqual(keys);
    expect(s3.requests.slice(before).filter((r) => r.method === "GET" && r.path === "/shots/")).toHaveLength(2);
    const listed: Array<{ key: string; lastModified: Date }> = [];
    for await (const item of store.list("q/")) listed.push(item);
    expect(listed.map((l) => l.key)).toEqual(["q/1"]);
    expect(Math.abs(listed[0]!.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  }, 60_000); // a thousand real puts on a busy machine

  it("is refused with S3's InvalidAccessKeyId for a key S3 does not know", async () => {
    const stranger = new S3BlobStore({ ...config, accessKeyId: "AKIDNOPE" });
    await expect(stranger.get("k")).rejects.toBeInstanceOf(S3Error);
    await expect(stranger.put("k", Buffer.from("x"), "text/plain")).rejects.toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
  });

  it("reports a missing bucket as an error, never as a missing object", async () => {
    const nowhere = new S3BlobStore({ ...config, bucket: "nobucket" });
    await expect(nowhere.get("k")).rejects.toMatchObject({ status: 404, code: "NoSuchBucket" });
    await expect(nowhere.put("k", Buffer.from("x"), "text/plain")).rejects.toMatchObject({ status: 404, code: "NoSuchBucket" });
    await expect(collect(nowhere.list("p/"))).rejects.toMatchObject({ code: "NoSuchBucket" });
  });

  it("retries S3's 503 SlowDown and succeeds; a lasting 500 ends in an S3Error", async () => {
    const store = new S3BlobStore(config);
    s3.failNext(2, 503, "SlowDown");
    await store.put("retry/ok", Buffer.from("ok"), "text/plain");
    expect(await store.get("retry/ok")).toEqual(Buffer.from("ok"));
    s3.failNext(4, 500, "InternalError"); // the first try and its three retries
    await expect(store.get("retry/ok")).rejects.toMatchObject({ status: 500, code: "InternalError" });
    expect(await store.get("retry/ok")).toEqual(Buffer.from("ok"));
  });

  it("fails, and does not answer null, when S3 cannot be reached", async () => {
    const down = new S3BlobStore({ ...config, endpoint: "http://127.0.0.1:9" });
    await expect(down.get("k")).rejects.toThrow();
    await expect(down.put("k", Buffer.from("x"), "text/plain")).rejects.toThrow();
  });

  it("builds path-style and virtual-hosted URLs", () => {
    expect(new S3BlobStore({ ...config, endpoint: "https://s3.example.com" }).objectUrl("a/b c.jpg")).toBe("https://s3.example.com/shots/a/b%20c.jpg");
    expect(new S3BlobStore({ ...config, endpoint: "https://s3.example.com", forcePathStyle: false }).objectUrl("a/b.jpg")).toBe("https://shots.s3.example.com/a/b.jpg");
  });
});

describe("storage selection from the environment", () => {
  it("uses S3 when S3_* variables are set, with defaults for region and endpoint", () => {
    const env = { S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" };
    expect(s3Requested(env)).toBe(true);
    expect(s3ConfigFromEnv(env)).toEqual({ endpoint: "https://s3.us-east-1.amazonaws.com", region: "us-east-1", bucket: "b", accessKeyId: "k", secretAccessKey: "s", forcePathStyle: false });
    expect(s3ConfigFromEnv({ ...env, S3_ENDPOINT: "http://127.0.0.1:9000/", S3_FORCE_PATH_STYLE: "true", S3_REGION: "auto" })).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      region: "auto",
      forcePathStyle: true,
    });
    expect(createBlobStore(env)).toBeInstanceOf(S3BlobStore);
  });

  it("refuses a partial S3 configuration instead of falling back to the local folder", () => {
    expect(() => createBlobStore({ S3_BUCKET: "b" })).toThrow(/S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/);
    expect(() => s3ConfigFromEnv({ S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s", S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT/);
  });

  it("uses the local folder when no S3_* variable is set", () => {
    expect(s3Requested({})).toBe(false);
    expect(createBlobStore({ HOURGLASS_DATA_DIR: "/tmp/x" })).toBeInstanceOf(LocalBlobStore);
  });
});
