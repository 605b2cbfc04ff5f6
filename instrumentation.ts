// Runs once when the web process starts (next start, next dev): in production it
// refuses a fake clock, a weak AUTH_SECRET and dev realtime credentials before
// serving anything, instead of answering 500 on the first request that needs them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { exitUnlessSafeEnvironment } = await import("./lib/config/environment");
  exitUnlessSafeEnvironment("web");
}
