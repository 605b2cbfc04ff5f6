// next.config.js: a production build refuses code that does not type-check
// (npm start builds when no build exists, outside CI's typecheck).
import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";

// The config is plain JS (// @ts-check); `as string` keeps tsc from asking for its declarations.
const loadConfig = async (): Promise<NextConfig> => ((await import("../next.config.js" as string)) as { default: NextConfig }).default;

describe("next.config.js", () => {
  it("does not ignore type errors in a build", async () => {
    expect((await loadConfig()).typescript?.ignoreBuildErrors ?? false).toBe(false);
  });
});
