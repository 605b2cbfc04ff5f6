// npm test: every test. Unit and integration tests (vitest, real PostgreSQL),
// alongside end-to-end tests (Playwright, real Chromium, production build).
// Ends with one line: "N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { ensureX11TestTools } from "../tracker/testing/xvfb";
import { ensureChromium } from "./lib/chromium";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

mkdirSync("test-results", { recursive: true });
rmSync("test-results/vitest.json", { force: true });
rmSync("test-results/e2e-report.json", { force: true });
rmSync("test-results/smoke.json", { force: true });

function run(label: string, command: string, args: string[]): number {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  console.log(`=== ${label} finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${result.status})`);
  return result.status ?? 1;
}

function vitestCounts(file = "test-results/vitest.json"): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8"));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(): Counts | null {
  if (!existsSync("test-results/e2e-report.json")) return null;
  const r = JSON.parse(readFileSync("test-results/e2e-report.json", "utf8"));
  const s = r.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

/**
 * Starts a command in the background, its output going straight to `logFile` (so it never interleaves with the
 * run in the foreground, and it never waits on this process, whose spawnSync blocks); printed in one block when
 * it has ended. Resolves with its exit code.
 */
function runAlongside(label: string, command: string, args: string[], logFile: string): Promise<number> {
  console.log(`\n=== ${label}, alongside (its output follows when it ends): ${command} ${args.join(" ")}`);
  const started = Date.now();
  const out = openSync(logFile, "w");
  const child = spawn(command, args, { stdio: ["ignore", out, out], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  closeSync(out);
  return new Promise((resolve) => {
    let ended = false;
    const done = (code: number) => {
      if (ended) return;
      ended = true;
      console.log(`\n=== ${label} output:\n${readFileSync(logFile, "utf8")}`);
      // its last output's time: this process only hears of the exit once the foreground run is over
      const lastOutput = Math.max(started, statSync(logFile).mtimeMs);
      console.log(`=== ${label} finished in ${((lastOutput - started) / 1000).toFixed(1)} s (exit ${code})`);
      resolve(code);
    };
    child.on("error", () => done(1));
    child.on("exit", (code) => done(code ?? 1));
  });
}

// Choice: vitest runs alongside the end-to-end run instead of before it. On this 2-core machine the
// Playwright run waits much of its time (sped-up tracker clocks, networkidle, live updates), and vitest
// with its one worker fills that time: the wall time is close to the e2e run's alone.
// The browser and the X tools are installed first, once, so two apt-gets never race for dpkg's lock.
ensureChromium();
ensureX11TestTools();
const vitestDone = runAlongside("unit + integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"], "test-results/vitest.log");
const e2eExit = run("end-to-end", "npx", ["tsx", "scripts/e2e.ts"]);
// the production smoke test (scripts/production.smoke.ts) on the build the end-to-end run just made, never a new one
process.env.HOURGLASS_SMOKE = "1";
const smokeExit = run("production smoke", "npx", ["vitest", "run", "--project", "smoke", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/smoke.json"]);
const vitestExit = await vitestDone;

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, counts, exit] of [["vitest", vitestCounts(), vitestExit], ["playwright", playwrightCounts(), e2eExit], ["smoke", vitestCounts("test-results/smoke.json"), smokeExit]] as const) {
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  // A runner that crashed before reporting counts as one failure, never as silence.
  if (exit !== 0 && (!counts || counts.failed === 0)) {
    console.error(`${name} exited ${exit} without reporting a failed test`);
    totals.failed += 1;
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
