// /download/<file> through its real route handler, on a real build folder written here (TRACKER_DIST_DIR):
// the listed files and their checksums, HEAD and ETag, and nothing outside version.json's listing.
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import rootPackage from "@/package.json";
import { sha256Hex as sha256, writeTrackerDist } from "@/tests/support/tracker-dist";
import { GET, HEAD } from "./route";

const EXE = "hourglass-tracker-linux-x64";
const BUNDLE = "hourglass-tracker.cjs";
const savedDir = process.env.TRACKER_DIST_DIR;
afterAll(() => {
  if (savedDir === undefined) delete process.env.TRACKER_DIST_DIR;
  else process.env.TRACKER_DIST_DIR = savedDir;
});

let dist: string;
let exe: Buffer;
let bundle: Buffer;

/** A build folder as `npm run tracker:build` writes it (interface 3), with `version` in version.json. */
function writeDist(version = rootPackage.version): string {
  const root = mkdtempSync(path.join(tmpdir(), "hourglass-dist-"));
  const dir = path.join(root, "dist");
  exe = randomBytes(3 * 1024 * 1024 + 17); // several stream chunks
  bundle = Buffer.from("#!/usr/bin/env node\nconsole.log('tracker');\n");
  writeTrackerDist(dir, version, [
    { name: EXE, data: exe, platform: "linux-x64" },
    { name: BUNDLE, data: bundle, platform: "node20" },
  ]);
  writeFileSync(path.join(dir, "secret.txt"), "not listed");
  writeFileSync(path.join(root, "outside.txt"), "outside the folder");
  process.env.TRACKER_DIST_DIR = dir;
  return dir;
}

function call(method: "GET" | "HEAD", file: string, headers: Record<string, string> = {}) {
  const req = new NextRequest(`http://portal.test/download/${encodeURIComponent(file)}`, { method, headers });
  return (method === "GET" ? GET : HEAD)(req, { params: Promise.resolve({ file }) });
}

beforeEach(() => {
  dist = writeDist();
});

describe("GET /download/<file>", () => {
  it("serves each listed file whole, as an attachment with its size and an ETag of its SHA-256", async () => {
    const res = await call("GET", EXE);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-length")).toBe(String(exe.length));
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${EXE}"`);
    expect(res.headers.get("etag")).toBe(`"${sha256(exe)}"`);
    expect(res.body).toBeInstanceOf(ReadableStream);
    expect(Buffer.from(await res.arrayBuffer()).equals(exe)).toBe(true);
    const js = await call("GET", BUNDLE);
    expect(Buffer.from(await js.arrayBuffer()).equals(bundle)).toBe(true);
  });

  it("serves <file>.sha256 as text that `sha256sum -c` accepts for the downloaded file", async () => {
    const res = await call("GET", `${EXE}.sha256`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toBe(`${sha256(exe)}  ${EXE}\n`);
    // what a freelancer does: download both into a folder and check
    const here = mkdtempSync(path.join(tmpdir(), "hourglass-download-"));
    writeFileSync(path.join(here, EXE), Buffer.from(await (await call("GET", EXE)).arrayBuffer()));
    writeFileSync(path.join(here, `${EXE}.sha256`), text);
    expect(execFileSync("sha256sum", ["-c", `${EXE}.sha256`], { cwd: here, encoding: "utf8" })).toBe(`${EXE}: OK\n`);
  });

  it("answers HEAD with the headers and no body, and If-None-Match with 304", async () => {
    const head = await call("HEAD", EXE);
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(exe.length));
    expect(head.headers.get("etag")).toBe(`"${sha256(exe)}"`);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const again = await call("GET", EXE, { "if-none-match": `"${sha256(exe)}"` });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    expect((await call("GET", EXE, { "if-none-match": '"0000"' })).status).toBe(200);
  });

  it("resumes with one byte range while the build is the same, as `curl -C -` asks", async () => {
    const part = await call("GET", EXE, { range: "bytes=1000-" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-${exe.length - 1}/${exe.length}`);
    expect(part.headers.get("content-length")).toBe(String(exe.length - 1000));
    expect(part.headers.get("x-hourglass-content-length")).toBe(String(exe.length - 1000));
    expect(Buffer.from(await part.arrayBuffer()).equals(exe.subarray(1000))).toBe(true);
    const middle = await call("GET", EXE, { range: "bytes=10-19", "if-range": `"${sha256(exe)}"` });
    expect(middle.status).toBe(206);
    expect(Buffer.from(await middle.arrayBuffer()).equals(exe.subarray(10, 20))).toBe(true);
    const tail = await call("GET", EXE, { range: "bytes=-5" });
    expect(Buffer.from(await tail.arrayBuffer()).equals(exe.subarray(exe.length - 5))).toBe(true);
    // another build since the first part: the whole new file
    const changed = await call("GET", EXE, { range: "bytes=1000-", "if-range": '"an-older-build"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("content-length")).toBe(String(exe.length));
    await changed.body?.cancel();
    const beyond = await call("GET", EXE, { range: `bytes=${exe.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${exe.length}`);
    expect((await call("HEAD", EXE, { range: "bytes=5-1" })).status).toBe(200); // invalid: ignored
  });

  it.each([
    ["version.json"],
    ["secret.txt"],
    ["secret.txt.sha256"],
    ["../outside.txt"],
    ["..%2Foutside.txt"],
    [`../dist/${EXE}`],
    [`./${EXE}`],
    [path.join("/", "etc", "passwd")],
    [`${EXE}.sha256.sha256`],
    [""],
  ])("does not serve %s, which version.json does not list", async (name) => {
    const res = await call("GET", name);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("outside the folder");
  });

  it("refuses a version.json that lists a path rather than a file name", async () => {
    const listing = { version: rootPackage.version, builtAt: "x", files: [{ name: "../outside.txt", size: 18, sha256: sha256(Buffer.from("outside the folder")), platform: "x" }] };
    writeFileSync(path.join(dist, "version.json"), JSON.stringify(listing));
    const res = await call("GET", "../outside.txt");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run tracker:build");
  });

  it("says what to run when the build is missing, of another version, or does not match its listing", async () => {
    process.env.TRACKER_DIST_DIR = path.join(dist, "nowhere");
    let res = await call("GET", EXE);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/not been built.*npm run tracker:build/s);

    writeDist("0.0.1-old");
    res = await call("GET", EXE);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain(`version 0.0.1-old, the portal is ${rootPackage.version}`);

    dist = writeDist();
    writeFileSync(path.join(dist, EXE), exe.subarray(0, 1000)); // a build being rewritten
    res = await call("GET", EXE);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run tracker:build");
  });
});
