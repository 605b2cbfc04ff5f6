// `hourglass-tracker --version` and `version` from source: the version in tracker/package.json.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./testing/run-cli";

const VERSION = (JSON.parse(readFileSync("tracker/package.json", "utf8")) as { version: string }).version;

describe("the tracker's version from source", () => {
  it.each([["--version"], ["version"]])("%s prints tracker/package.json's version", async (arg) => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCli(mkdtempSync(path.join(tmpdir(), "tracker-version-")), arg)).toEqual({ code: 0, stdout: `hourglass-tracker ${VERSION}\n` });
  });
});
