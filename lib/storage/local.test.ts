import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalBlobStore } from "./index";

describe("LocalBlobStore", () => {
  it("stores, reads, lists under a prefix and deletes", async () => {
    const store = new LocalBlobStore(mkdtempSync(path.join(tmpdir(), "blobs-")));
    await store.put("screenshots/c1/a.jpg", Buffer.from("a"), "image/jpeg");
    await store.put("screenshots/c2/b.webp", Buffer.from("b"), "image/webp");
    await store.put("attachments/x.pdf", Buffer.from("x"), "application/pdf");
    expect(await store.get("screenshots/c1/a.jpg")).toEqual(Buffer.from("a"));
    const keys: string[] = [];
    for await (const item of store.list("screenshots/")) keys.push(item.key);
    expect(keys.sort()).toEqual(["screenshots/c1/a.jpg", "screenshots/c2/b.webp"]);
    await store.delete("screenshots/c1/a.jpg");
    await store.delete("screenshots/c1/a.jpg");
    expect(await store.get("screenshots/c1/a.jpg")).toBeNull();
  });

  it("putNew writes a new key in place and never over an existing one", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "blobs-"));
    const store = new LocalBlobStore(root);
    await store.putNew("screenshots/c1/s1-ab.jpg", Buffer.from("full"), "image/jpeg");
    await store.putNew("screenshots/c1/s1-ab.webp", Buffer.from("thumb"), "image/webp");
    expect(await store.get("screenshots/c1/s1-ab.jpg")).toEqual(Buffer.from("full"));
    expect(readdirSync(path.join(root, "screenshots/c1")).sort()).toEqual(["s1-ab.jpg", "s1-ab.webp"]); // no temp files
    await expect(store.putNew("screenshots/c1/s1-ab.jpg", Buffer.from("other"), "image/jpeg")).rejects.toMatchObject({ code: "EEXIST" });
    expect(await store.get("screenshots/c1/s1-ab.jpg")).toEqual(Buffer.from("full"));
    // a folder removed after it was first made is made again
    rmSync(path.join(root, "screenshots"), { recursive: true });
    await store.putNew("screenshots/c1/s2-cd.jpg", Buffer.from("again"), "image/jpeg");
    expect(await store.get("screenshots/c1/s2-cd.jpg")).toEqual(Buffer.from("again"));
    await expect(store.putNew("../x", Buffer.from("x"), "text/plain")).rejects.toThrow(/Invalid storage key/);
  });

  it("refuses keys that could leave its folder", async () => {
    const store = new LocalBlobStore(mkdtempSync(path.join(tmpdir(), "blobs-")));
    await expect(store.put("../etc/passwd", Buffer.from("x"), "text/plain")).rejects.toThrow(/Invalid storage key/);
    await expect(store.get("/abs")).rejects.toThrow(/Invalid storage key/);
  });
});
