// The realtime server is its own program: it reads the environment through
// lib/config and logs through lib/observability/log; it shares nothing else with the web app (no domain code, no Next).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const here = path.dirname(new URL(import.meta.url).pathname);
const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(here, file), "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

describe("realtime/ imports", () => {
  it("has its sources here", () => {
    expect(sources).toEqual(expect.arrayContaining(["cli.ts", "server.ts", "protocol.ts"]));
  });

  it.each(sources)("%s imports only node:, ws, its own folder, lib/config and the logger", (file) => {
    const allowed = (spec: string) =>
      spec.startsWith("node:") || spec === "ws" || /^\.\/[\w-]+$/.test(spec) || /^\.\.\/lib\/config\/[\w-]+$/.test(spec) || spec === "../lib/observability/log";
    expect(importsOf(file).filter((spec) => !allowed(spec))).toEqual([]);
  });
});
