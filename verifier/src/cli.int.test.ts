// `npx hourglass-verify bundle.zip` as a user runs it: the workspace's bin (linked by npm install,
// built by its prepare script), spawned through npx, on real bundles. Exit codes: 0 holds, 1 a
// problem (named with its slot), 2 unreadable, 3 not sealed yet.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { addSegment, buildTestBundle, bundleZip } from "./test-bundle";
import { writeZip } from "./zip";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(path.join(tmpdir(), "hg-verify-cli-"));

function run(...args: string[]) {
  const result = spawnSync("npx", ["--no-install", "hourglass-verify", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe("npx hourglass-verify", () => {
  beforeAll(() => {
    // npm install linked the bin; build what it points to from the source under test (what `prepare` runs)
    expect(existsSync(path.join(ROOT, "node_modules/.bin/hourglass-verify"))).toBe(true);
    execFileSync("node", ["verifier/build.mjs"], { cwd: ROOT });
  });

  it("exits 0 and says the bundle holds", async () => {
    const { code, out } = run(save("good.zip", await bundleZip(await buildTestBundle({ segments: 4, manual: 1 }))));
    expect(out).toContain("The bundle holds");
    expect(code).toBe(0);
  });

  it("exits 1 and names the slot of time added after the seal", async () => {
    const b = await buildTestBundle();
    await addSegment(b, Date.parse("2024-06-05T14:30:00.000Z"), 9);
    const { code, out } = run(save("late.zip", await bundleZip(b)));
    expect(out).toMatch(/PROBLEM \[slot 2024-06-05 14:30 UTC\]: record 7 \(slot 2024-06-05T14:30:00.000Z\), segment added, was added after the week was sealed/);
    expect(code).toBe(1);
  });

  it("exits 3 for a week not sealed yet", async () => {
    const { code, out } = run(save("open.zip", await bundleZip(await buildTestBundle({ sealed: false }))));
    expect(out).toMatch(/not sealed yet/);
    expect(code).toBe(3);
  });

  it("exits 2 with a clear message for a file that is not a zip, a truncated zip, a zip bomb or no file", async () => {
    expect(run(save("text.zip", new TextEncoder().encode("hello")))).toEqual({ code: 2, out: "The bundle cannot be read: this is not a zip file\n" });
    const zip = await bundleZip(await buildTestBundle());
    expect(run(save("cut.zip", zip.subarray(0, zip.length - 300)))).toMatchObject({ code: 2, out: expect.stringMatching(/truncated/) });
    const bomb = await writeZip([{ name: "records.jsonl", bytes: new Uint8Array(64 << 20), deflate: true }]);
    expect(run(save("bomb.zip", bomb))).toMatchObject({ code: 2, out: expect.stringMatching(/zip bomb/) });
    expect(run(path.join(dir, "absent.zip"))).toMatchObject({ code: 2, out: expect.stringMatching(/ENOENT|no such file/) });
    expect(run()).toMatchObject({ code: 2, out: expect.stringMatching(/usage: hourglass-verify/) });
  });

  it("prints the report as JSON with --json, and checks against keys given with --keys", async () => {
    const b = await buildTestBundle();
    const file = save("keys.zip", await bundleZip(b));
    const json = run("--json", file);
    expect(JSON.parse(json.out)).toMatchObject({ status: "holds", week: "2024-06-03" });
    const keys = save("hourglass-keys.json", new TextEncoder().encode(JSON.stringify({ keys: b.keys.portal })));
    expect(run("--keys", keys, file)).toMatchObject({ code: 0, out: expect.not.stringMatching(/taken from the bundle/) });
    const other = await buildTestBundle();
    const wrong = save("other-keys.json", new TextEncoder().encode(JSON.stringify({ keys: other.keys.portal })));
    expect(run("--keys", wrong, file)).toMatchObject({ code: 1, out: expect.stringMatching(/not among the portal's published keys/) });
  });
});
