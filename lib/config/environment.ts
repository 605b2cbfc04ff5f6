// The one place that says which mode a process runs in and whether its
// environment is safe for that mode. Launchers decide the mode once and hand it
// to every child as HOURGLASS_MODE; each process (web, worker, close-week,
// realtime) checks its own environment again at startup, so a process started
// on its own is held to the same rules.
// No "server-only" marker: the launchers and the realtime server run in plain Node.
import { callProblems } from "./calls";
import { mailProblems } from "./mail";
import { bonusMaxCentsProblem } from "./rules";

export type AppMode = "development" | "test" | "demo" | "production";
type Env = Record<string, string | undefined>;

const MODES: readonly AppMode[] = ["development", "test", "demo", "production"];

/** Variables that move lib/clock's "now" away from the real clock (R1.4). */
export const FAKE_CLOCK_VARIABLES = ["HOURGLASS_NOW", "HOURGLASS_CLOCK_OFFSET_MS"] as const;

/** The realtime credentials the README documents for development. */
export const DEV_REALTIME_CREDENTIALS = { appId: "hourglass", key: "hourglass-key", secret: "hourglass-secret" } as const;

export const MIN_SECRET_LENGTH = 32;

/**
 * HOURGLASS_MODE when set, else NODE_ENV.
 * Choice: fail closed. An unknown HOURGLASS_MODE, and a process with neither
 * variable, are production (their startup check reports an unknown mode); only
 * NODE_ENV development or test, or an explicit HOURGLASS_MODE, is anything else.
 */
export function appMode(env: Env = process.env): AppMode {
  const mode = env.HOURGLASS_MODE;
  if (mode !== undefined && mode !== "") return (MODES as readonly string[]).includes(mode) ? (mode as AppMode) : "production";
  if (env.NODE_ENV === "development" || env.NODE_ENV === "test") return env.NODE_ENV;
  return "production";
}

/** The mode a launcher gives its children: `npm start` is production unless told test or demo; `npm run dev` development unless told otherwise. */
export function launcherMode(launcher: "start" | "dev", env: Env = process.env): AppMode {
  const mode = env.HOURGLASS_MODE;
  if (mode === undefined || mode === "") return launcher === "start" ? "production" : "development";
  if (!(MODES as readonly string[]).includes(mode)) throw new EnvironmentError(launcher === "start" ? "npm start" : "npm run dev", [unknownModeProblem(mode)]);
  if (launcher === "start" && mode === "development") {
    throw new EnvironmentError("npm start", ["HOURGLASS_MODE=development: npm start serves a production build; use npm run dev, or HOURGLASS_MODE=demo for a demo."]);
  }
  return mode as AppMode;
}

function unknownModeProblem(mode: string): string {
  return `HOURGLASS_MODE="${mode}" is not a mode; use one of ${MODES.join(", ")} (or leave it unset).`;
}

/** Why `secret` is unfit to sign sessions or channel subscriptions, or null when it is fit. */
export function weakSecretReason(secret: string | undefined): string | null {
  if (!secret) return "is not set";
  if (secret.length < MIN_SECRET_LENGTH) return `is ${secret.length} characters long; use at least ${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 32\`)`;
  const lower = secret.toLowerCase();
  // Choice: a known value is refused whatever its length: the dev defaults, the
  // secrets committed in this repository's tests, and obvious placeholders.
  if (KNOWN_SECRETS.has(secret) || PLACEHOLDERS.some((p) => lower.includes(p))) return "is a known default or placeholder; generate a random one (e.g. `openssl rand -base64 32`)";
  // A long run of a few characters ("aaaa…", "abcabc…") is not random.
  if (new Set(secret).size < 8) return "has fewer than 8 distinct characters; generate a random one (e.g. `openssl rand -base64 32`)";
  return null;
}

const KNOWN_SECRETS = new Set<string>([
  DEV_REALTIME_CREDENTIALS.secret,
  "route-access-test-secret-of-at-least-32-chars",
  "fuzz-suite-test-secret-of-at-least-32-characters",
]);
const PLACEHOLDERS = ["changeme", "change-me", "change_me", "replace-me", "replaceme", "your-secret", "yoursecret", "secret-of-at-least", "example"];

/** What a process uses, so it is checked for that: sessions (web, launcher) and realtime credentials (all but close-week). */
export interface EnvironmentNeeds {
  authSecret?: boolean;
  realtime?: boolean;
  /** sends email (the worker); the launchers check it for the processes they start */
  mail?: boolean;
}
const EVERYTHING: EnvironmentNeeds = { authSecret: true, realtime: true, mail: true };

/** Everything unsafe about `env` for `mode`; empty when it may start. */
export function environmentProblems(env: Env = process.env, mode: AppMode = appMode(env), needs: EnvironmentNeeds = EVERYTHING): string[] {
  const problems: string[] = [];
  if (env.HOURGLASS_MODE && !(MODES as readonly string[]).includes(env.HOURGLASS_MODE)) problems.push(unknownModeProblem(env.HOURGLASS_MODE));
  const bonusLimit = bonusMaxCentsProblem(env);
  if (bonusLimit) problems.push(bonusLimit);
  problems.push(...callProblems(env, mode === "production")); // R17.1 ICE and TURN settings; production: no short TURN_SECRET or ring
  if (mode !== "production") return problems;

  // R1.4 the clock is never settable in production.
  for (const name of FAKE_CLOCK_VARIABLES) {
    if (env[name] !== undefined) problems.push(`${name} is set: a fake clock is for test and demo mode only (R1.4); unset it in production.`);
  }
  const auth = needs.authSecret ? weakSecretReason(env.AUTH_SECRET) : null;
  if (auth) problems.push(`AUTH_SECRET ${auth}.`);
  if (needs.realtime) problems.push(...realtimeCredentialProblems(env));
  if (needs.mail) problems.push(...mailProblems(env));
  // Choice: METRICS_TOKEN is optional (no token: no /metrics), but one that is set is held to AUTH_SECRET's rules.
  const metrics = env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN !== "" ? weakSecretReason(env.METRICS_TOKEN) : null;
  if (metrics) problems.push(`METRICS_TOKEN ${metrics} (it guards /metrics).`);
  // Choice: the demo's accounts share a published password; never on a production portal.
  if (env.HOURGLASS_SEED_DEMO === "1") problems.push("HOURGLASS_SEED_DEMO=1 loads demo accounts with a published password; use HOURGLASS_MODE=demo for a demo, never in production.");
  return problems;
}

/**
 * Realtime credentials must be real ones in production.
 * Choice: with our own server the operator picks the secret, so it must be at
 * least 32 characters; hosted Pusher (PUSHER_CLUSTER) issues its own shorter
 * secrets, so there only the dev defaults and missing values are refused.
 */
function realtimeCredentialProblems(env: Env): string[] {
  const problems: string[] = [];
  const dev = DEV_REALTIME_CREDENTIALS;
  for (const [name, fallback] of [["PUSHER_APP_ID", dev.appId], ["PUSHER_KEY", dev.key]] as const) {
    if (!env[name]) problems.push(`${name} is not set: the dev default "${fallback}" is public; set a real one in production.`);
    else if (env[name] === fallback) problems.push(`${name} is the dev default "${fallback}"; set a real one in production.`);
  }
  const secret = env.PUSHER_SECRET;
  if (env.PUSHER_CLUSTER) {
    if (!secret) problems.push("PUSHER_SECRET is not set; use the secret of your Pusher app.");
    else if (secret === dev.secret) problems.push(`PUSHER_SECRET is the dev default "${dev.secret}"; use the secret of your Pusher app.`);
  } else {
    const reason = weakSecretReason(secret);
    if (reason) problems.push(`PUSHER_SECRET ${reason} (anyone who knows it can subscribe to private channels).`);
  }
  return problems;
}

export class EnvironmentError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: string[],
    hint?: string,
  ) {
    super([`${processName} refuses to start:`, ...problems.map((p) => `  - ${p}`), ...(hint ? [hint] : [])].join("\n"));
    this.name = "EnvironmentError";
  }
}

/** Throws an EnvironmentError listing every problem, so one start shows them all. */
export function assertSafeEnvironment(processName: string, env: Env = process.env, needs: EnvironmentNeeds = EVERYTHING, mode: AppMode = appMode(env)): void {
  const problems = environmentProblems(env, mode, needs);
  if (!problems.length) return;
  const implicit = mode === "production" && !env.HOURGLASS_MODE && env.NODE_ENV !== "production";
  throw new EnvironmentError(processName, problems, implicit ? "(Neither HOURGLASS_MODE nor NODE_ENV is set, so this is production. The launchers set it for their children; on your own, set HOURGLASS_MODE=development, test or demo.)" : undefined);
}

/** For process entry points: print the problems (no stack trace) and exit 1. */
export function exitUnlessSafeEnvironment(processName: string, needs: EnvironmentNeeds = EVERYTHING, env: Env = process.env): void {
  try {
    assertSafeEnvironment(processName, env, needs);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
