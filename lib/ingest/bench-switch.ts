// A switch for bench/ingest.bench.ts only: it measures its floor, ingest as it was before proof of work
// (R15: no signature check, no chain record), in a web process it starts with a preload module that
// sets this symbol on globalThis. No environment variable, setting or request can turn it on: only code
// already running inside the process, which could do anything anyway.
const BENCH_PROOF_OFF = Symbol.for("hourglass.bench.proofOff");

export function proofOffForBench(): boolean {
  return (globalThis as Record<symbol, unknown>)[BENCH_PROOF_OFF] === true;
}
