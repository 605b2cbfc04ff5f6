// npm test: every test. Unit and integration tests (vitest, real PostgreSQL),
// then end-to-end tests (Playwright, real Chromium, production build).
// Ends with one line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

mkdirSync("test-results", { recursive: true });
rmSync("test-results/vitest.json", { force: true });
rmSync("test-results/e2e-report.json", { force: true });

function run(label: string, command: string, args: string[]): number {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  console.log(`=== ${label} finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${result.status})`);
  return result.status ?? 1;
}

function vitestCounts(): Counts | null {
  if (!existsSync("test-results/vitest.json")) return null;
  const r = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(): Counts | null {
  if (!existsSync("test-results/e2e-report.json")) return null;
  const r = JSON.parse(readFileSync("test-results/e2e-report.json", "utf8"));
  const s = r.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

const vitestExit = run("unit + integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
const e2eExit = run("end-to-end", "npx", ["tsx", "scripts/e2e.ts"]);

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, counts, exit] of [["vitest", vitestCounts(), vitestExit], ["playwright", playwrightCounts(), e2eExit]] as const) {
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
