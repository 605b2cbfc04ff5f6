// A tracker build folder as `npm run tracker:build` lays it out (version.json listing each file with its
// size and SHA-256, a sha256sum-format "<file>.sha256" beside each), for the Download page's tests.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const sha256Hex = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

export function writeTrackerDist(dir: string, version: string, files: ReadonlyArray<{ name: string; data: Buffer; platform: string }>): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    writeFileSync(path.join(dir, f.name), f.data);
    writeFileSync(path.join(dir, `${f.name}.sha256`), `${sha256Hex(f.data)}  ${f.name}\n`);
  }
  const listing = { version, builtAt: "2024-06-12T09:00:00.000Z", files: files.map((f) => ({ name: f.name, size: f.data.length, sha256: sha256Hex(f.data), platform: f.platform })) };
  writeFileSync(path.join(dir, "version.json"), JSON.stringify(listing));
}
