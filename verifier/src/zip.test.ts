import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, readZip, writeZip, ZipError } from "./zip";

const text = (s: string) => new TextEncoder().encode(s);

function patchCentral(zip: Uint8Array, field: number, value: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  for (let i = out.length - 22; i >= 0; i--) {
    if (dv.getUint32(i, true) === 0x02014b50) {
      dv.setUint32(i + field, value, true);
      return out;
    }
  }
  throw new Error("no central header");
}

describe("zip", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(text("123456789")).toString(16)).toBe("cbf43926");
  });

  it("reads back what it writes, stored and deflated", async () => {
    const jpeg = new Uint8Array(50_000).map((_, i) => (i * 7919) & 0xff);
    const json = text(JSON.stringify({ records: Array.from({ length: 200 }, (_, i) => ({ seq: i })) }));
    const zip = await writeZip([
      { name: "manifest.json", bytes: json, deflate: true },
      { name: "screenshots/a.jpg", bytes: jpeg },
      { name: "empty.json", bytes: new Uint8Array(0), deflate: true },
    ]);
    const files = await readZip(zip);
    expect([...files.keys()]).toEqual(["manifest.json", "screenshots/a.jpg", "empty.json"]);
    expect(files.get("manifest.json")).toEqual(json);
    expect(files.get("screenshots/a.jpg")).toEqual(jpeg);
    expect(files.get("empty.json")!.length).toBe(0);
  });

  it("writes zips Info-ZIP's unzip accepts, and reads zips Info-ZIP's zip writes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hg-zip-"));
    const ours = await writeZip([
      { name: "a.json", bytes: text('{"a":1}'.repeat(100)), deflate: true },
      { name: "screenshots/b.jpg", bytes: new Uint8Array([1, 2, 3]) },
    ]);
    writeFileSync(path.join(dir, "ours.zip"), ours);
    expect(execFileSync("unzip", ["-t", path.join(dir, "ours.zip")]).toString()).toContain("No errors detected");

    writeFileSync(path.join(dir, "x.json"), '{"x":"'.padEnd(10_000, "y") + '"}');
    execFileSync("zip", ["-q", "-9", "theirs.zip", "x.json"], { cwd: dir });
    const files = await readZip(new Uint8Array(readFileSync(path.join(dir, "theirs.zip"))));
    expect(new TextDecoder().decode(files.get("x.json"))).toBe(readFileSync(path.join(dir, "x.json"), "utf8"));
  });

  it("says plainly when the input is not a zip", async () => {
    await expect(readZip(text("%PDF-1.7 definitely not a zip"))).rejects.toThrow(new ZipError("this is not a zip file"));
    await expect(readZip(new Uint8Array(0))).rejects.toThrow(/not a zip file/);
  });

  it("says a cut-off zip is truncated", async () => {
    const zip = await writeZip([{ name: "a.jpg", bytes: new Uint8Array(10_000).fill(9) }]);
    await expect(readZip(zip.subarray(0, 5_000))).rejects.toThrow(/truncated/);
    // the directory survives but the data it points to is cut
    const cut = new Uint8Array([...zip.subarray(0, 2_000), ...zip.subarray(zip.length - 100)]);
    await expect(readZip(cut)).rejects.toThrow(ZipError);
  });

  it("refuses a zip bomb from its declared sizes, before inflating it", async () => {
    const zeros = new Uint8Array(20 << 20); // 20 MiB of zeros deflate ~1000x
    const bomb = await writeZip([{ name: "records.jsonl", bytes: zeros, deflate: true }]);
    expect(bomb.length).toBeLessThan(100_000);
    await expect(readZip(bomb)).rejects.toThrow(/zip bomb/);
    await expect(readZip(bomb, { maxEntries: 10, maxTotalBytes: 1 << 20, maxEntryBytes: 1 << 30, maxRatio: 1e9 })).rejects.toThrow(/zip bomb/);
  });

  it("stops inflating an entry that lies about its size", async () => {
    const zeros = new Uint8Array(4 << 20);
    const bomb = await writeZip([{ name: "records.jsonl", bytes: zeros, deflate: true }]);
    // declare a small uncompressed size (offset 24 of the central header) so the ratio looks harmless
    await expect(readZip(patchCentral(bomb, 24, 100_000))).rejects.toThrow(/inflates past the size it declares/);
  });

  it("refuses too many entries", async () => {
    const zip = await writeZip(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, bytes: new Uint8Array([i]) })));
    await expect(readZip(zip, { maxEntries: 10, maxTotalBytes: 1 << 20, maxEntryBytes: 1 << 20, maxRatio: 200 })).rejects.toThrow(/20 entries/);
  });

  it("catches a damaged entry by its CRC-32", async () => {
    const zip = await writeZip([{ name: "a.jpg", bytes: new Uint8Array(100).fill(1) }]);
    const damaged = zip.slice();
    damaged[30 + "a.jpg".length + 10] = 2;
    await expect(readZip(damaged)).rejects.toThrow(/CRC-32/);
  });

  it("refuses duplicate and unsafe names", async () => {
    const twice = await writeZip([
      { name: "a.json", bytes: text("1") },
      { name: "a.json", bytes: text("2") },
    ]);
    await expect(readZip(twice)).rejects.toThrow(/twice/);
    await expect(readZip(await writeZip([{ name: "../evil", bytes: text("1") }]))).rejects.toThrow(/unsafe name/);
  });

  it("never crashes on random bytes", async () => {
    for (let seed = 1; seed < 200; seed++) {
      const zip = await writeZip([{ name: "a.json", bytes: text("x".repeat(seed * 10)), deflate: true }]);
      const broken = zip.slice();
      const at = (seed * 31) % broken.length;
      broken[at] = broken[at]! ^ 0xff;
      const outcome = await readZip(broken).then(
        () => "read",
        (error: unknown) => (error instanceof ZipError ? "refused" : `crashed: ${String(error)}`),
      );
      expect(outcome).not.toMatch(/crashed/);
    }
  });
});
