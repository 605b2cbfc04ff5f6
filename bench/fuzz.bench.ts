// The fuzz suite at length: app/api/_lib/fuzz.int.test.ts with many more cases per route and method
// than CI runs (FUZZ_RUNS, default here 400; --runs=N), a fresh seed each time unless --seed=S.
// Prints how many requests were sent, how each route answered by status class, and whether any
// answer broke the standard (a 5xx, or a 4xx outside the error shape). Exits non-zero if one did.
// Run: npm run bench -- fuzz [--runs=1000] [--seed=42]
import { spawnSync } from "node:child_process";

/** --name=value (npm run bench passes on only the arguments that start with "-") */
function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const runs = flag("runs") ?? process.env.FUZZ_RUNS ?? "400";
const seed = flag("seed") ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${runs} cases per route and method, seed ${seed} (rerun with --seed=${seed})`);
const started = Date.now();
const result = spawnSync("npx", ["vitest", "run", "--project", "integration", "app/api/_lib/fuzz.int.test.ts"], {
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed, FUZZ_REPORT: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
const output = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
const seconds = (Date.now() - started) / 1000;
const summary = output.split("\n").filter((l) => /^fuzz: |^ {2}(GET|HEAD|POST|PUT|PATCH|DELETE) /.test(l));
console.log(summary.join("\n"));
const total = Number(/fuzz: (\d+) requests/.exec(output)?.[1] ?? 0);
console.log(`${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} requests/s, including the database and the world's setup)`);
const failures = output.split("\n").filter((l) => /Caused by|Counterexample|AssertionError/.test(l));
if (result.status !== 0) {
  console.log(`FAILED: ${failures.slice(0, 20).join("\n").slice(0, 4000)}`);
  process.exit(1);
}
console.log("no answer broke the standard");
