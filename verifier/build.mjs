// node build.mjs (run by npm install as this workspace's `prepare`): bundles src/cli.ts into one
// dependency-free ES module for Node 20.12+, dist/hourglass-verify.mjs, the package's bin.
// Plain JavaScript so that it runs before anything else is built; esbuild is the only tool.
import { chmodSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dir = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(dir, "dist", "hourglass-verify.mjs");

await build({
  entryPoints: [path.join(dir, "src", "cli.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
  // the verifier depends on nothing: a package import here is a mistake
  packages: "external",
});
chmodSync(outfile, 0o755);
