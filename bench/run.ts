// npm run bench [-- name ...] [--flag ...]: runs every bench/*.bench.ts (or the named ones)
// one after another, each in its own process, and prints their figures. Flags (--skip-build,
// --profile, ...) go to each bench run; a bench ignores the ones it does not know.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-"));
const files = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n##### ${file}`);
  // Benches run their own servers with throwaway credentials: test mode (lib/config/environment).
  const env = { ...process.env, HOURGLASS_MODE: process.env.HOURGLASS_MODE ?? "test" };
  const result = spawnSync("npx", ["tsx", "--conditions=react-server", `bench/${file}`, ...flags], { stdio: "inherit", env });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
