import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeS3Server } from "./fake-s3-server";
import { S3BlobStore, S3Error, s3ConfigFromEnv, s3Requested, type S3Config } from "./s3";
import { LocalBlobStore, createBlobStore } from "./index";

const fake = new FakeS3Server({ region: "eu-central-1", buckets: ["shots", "other"], credentials: { AKIDTEST: "s3cr3t" }, pageSize: 2 });
let config: S3Config;

beforeAll(async () => {
  await fake.start();
  config = { endpoint: fake.endpoint, region: "eu-central-1", bucket: "shots", accessKeyId: "AKIDTEST", secretAccessKey: "s3cr3t", forcePathStyle: true };
});
afterAll(() => fake.stop());

async function collect(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of it) keys.push(item.key);
  return keys;
}

describe("S3BlobStore against a fake S3 that verifies SigV4", () => {
  it("puts, gets, lists and deletes objects, keeping the content type", async () => {
    const store = new S3BlobStore(config);
    const bytes = Buffer.from("jpeg bytes \u00ff", "latin1");
    await store.put("screenshots/c1/a b+c(1).jpg", bytes, "image/jpeg");
    expect(fake.objects.get("shots")?.get("screenshots/c1/a b+c(1).jpg")).toMatchObject({ body: bytes, contentType: "image/jpeg" });
    expect(await store.get("screenshots/c1/a b+c(1).jpg")).toEqual(bytes);
    await store.delete("screenshots/c1/a b+c(1).jpg");
    expect(await store.get("screenshots/c1/a b+c(1).jpg")).toBeNull();
  });

  it("answers null for a missing key and treats deleting one as done", async () => {
    const store = new S3BlobStore(config);
    expect(await store.get("screenshots/nope.jpg")).toBeNull();
    await expect(store.delete("screenshots/nope.jpg")).resolves.toBeUndefined();
  });

  it("lists every key under a prefix across pages (continuation tokens)", async () => {
    const store = new S3BlobStore(config);
    for (const k of ["p/1", "p/2", "p/3", "p/4", "p/5", "q/1"]) await store.put(k, Buffer.from(k), "text/plain");
    expect(await collect(store.list("p/"))).toEqual(["p/1", "p/2", "p/3", "p/4", "p/5"]);
    const listings = fake.requests.filter((r) => r.method === "GET" && r.path === "/shots/");
    expect(listings.length).toBeGreaterThanOrEqual(3);
  });

  it("is refused with S3's SignatureDoesNotMatch for a wrong secret, and InvalidAccessKeyId for an unknown key", async () => {
    await expect(new S3BlobStore({ ...config, secretAccessKey: "wrong" }).put("k", Buffer.from("x"), "text/plain")).rejects.toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
    await expect(new S3BlobStore({ ...config, accessKeyId: "AKIDNOPE" }).get("k")).rejects.toBeInstanceOf(S3Error);
    await expect(new S3BlobStore({ ...config, accessKeyId: "AKIDNOPE" }).get("k")).rejects.toMatchObject({ code: "InvalidAccessKeyId" });
  });

  it("signs for its region: a wrong region is a malformed authorization", async () => {
    await expect(new S3BlobStore({ ...config, region: "us-west-2" }).get("k")).rejects.toMatchObject({ status: 400, code: "AuthorizationHeaderMalformed" });
  });

  it("reports a missing bucket as an error, never as a missing object", async () => {
    await expect(new S3BlobStore({ ...config, bucket: "nobucket" }).get("k")).rejects.toMatchObject({ status: 404, code: "NoSuchBucket" });
  });

  it("retries S3's 503 SlowDown and succeeds; a lasting 500 ends in an S3Error", async () => {
    const store = new S3BlobStore(config);
    fake.failNext(2, 503, "SlowDown");
    await store.put("retry/ok", Buffer.from("ok"), "text/plain");
    expect(await store.get("retry/ok")).toEqual(Buffer.from("ok"));
    fake.failNext(10, 500, "InternalError");
    await expect(store.get("retry/ok")).rejects.toMatchObject({ status: 500, code: "InternalError" });
    fake.clearFailures();
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
