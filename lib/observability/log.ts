// The portal's logger (pino): one JSON object a line in production, a readable line elsewhere, each
// naming the request it belongs to (./request-context.ts). Secrets never reach a line, twice over:
// fields are redacted by key (password, token, card and account numbers...), and every finished line
// goes through a scrubber for values that look like ours (hgt_ tokens, emailed-link tokens, Bearer
// credentials, the process's own secret environment values, passwords in URLs, long digit runs).
// No "server-only" marker: the worker, the realtime server and the launchers run this in plain Node.
import { format } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import { currentRequestId } from "./request-context";

/** Keys whose values are never logged, at any of the first three levels of a logged object. */
const SECRET_KEYS = [
  "password", "newPassword", "currentPassword", "passwordHash", "token", "accessToken", "refreshToken", "tokenHash",
  "secret", "clientSecret", "authorization", "Authorization", "cookie", "Cookie", "set-cookie",
  "accountNumber", "routingNumber", "iban", "cardNumber", "number", "cvc", "cvv", "expiry",
  "otp", "totp", "totpSecret", "recoveryCode", "recoveryCodes", "secondFactorCode",
  "apiKey", "accessKeyId", "secretAccessKey", "privateKey", "sdp", "candidate",
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [k.startsWith(".") ? key : k, `*${k}`, `*.*${k}`];
});

const REDACTED = "[redacted]";

// Choice: the names of environment variables whose values are secrets; each such value (8+ characters)
// is cut from any line that quotes it, whatever the key or message (AUTH_SECRET, PUSHER_SECRET, S3 keys,
// SMTP and database passwords, the metrics token).
const SECRET_ENV = /SECRET|PASSWORD|TOKEN|PRIVATE|ACCESS_KEY|_KEY_ID|API_KEY/i;

/** Values that look like secrets, however they got into a line: the last line of defence. */
const PATTERNS: Array<[RegExp, string]> = [
  [/\bhgt_[A-Za-z0-9_-]+/g, `hgt_${REDACTED}`], // tracker tokens
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // ?token=, &code=... in a logged URL (emailed links, signed S3 URLs)
  [/([?&](?:token|code|key|secret|signature|auth_signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s"'\\]+/gi, `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@"']+:)[^@\s/"']+@/gi, `$1${REDACTED}@`], // passwords in URLs
  // password=..., secret: ... in a driver's or a library's own message
  [/\b((?:password|passwd|secret|token|api[_-]?key)\\?["']?\s*[=:]\s*\\?["']?)(?!\[redacted\])[^\s"'\\&,;]+/gi, `$1${REDACTED}`],
  // 32 random bytes as base64url: emailed-link tokens (lib/auth/link-tokens.ts) and generated secrets
  [/(?<![A-Za-z0-9_-])(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, REDACTED],
  // Choice: 9 to 19 digits standing alone (routing, account and card numbers), or card-style groups of
  // four; a UUID's last group (after a dash) and digits inside ids are left alone, and times are ISO.
  [/(?<![\w.-])\d{4}(?:[ -]\d{4}){2,3}(?:[ -]?\d{1,3})?(?![\w-])/g, "[redacted-number]"],
  [/(?<![\w.-])\d{9,19}(?![\w-])/g, "[redacted-number]"],
];

/** A finished line with every secret-looking value cut (exported for the log's own tests). */
export function scrub(line: string, secrets: readonly string[] = secretEnvValues()): string {
  let out = line;
  for (const value of secrets) if (out.includes(value)) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function secretEnvValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === "string" && value.length >= 8)
    .map(([, value]) => value as string);
  // JSON escapes some characters: cut the escaped form too
  return [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort((a, b) => b.length - a.length);
}

/** JSON lines when HOURGLASS_MODE=production (or LOG_FORMAT=json); LOG_FORMAT=text forces readable lines. */
function jsonLines(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LOG_FORMAT === "json") return true;
  if (env.LOG_FORMAT === "text") return false;
  return env.HOURGLASS_MODE === "production";
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** A JSON line as a person reads it: `12:00:01.123 WARN message key=value ...`, an error's stack below. */
function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, err, process: proc, pid: _pid, hostname: _host, ...fields } = entry;
  const at = typeof time === "string" ? time.slice(11, 23) : "";
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const stack = err && typeof err === "object" && "stack" in err ? `\n${String((err as { stack: unknown }).stack)}` : "";
  return `${at} ${LEVELS[level as number] ?? level}${proc ? ` [${String(proc)}]` : ""} ${String(msg ?? "")}${rest.length ? ` ${rest.join(" ")}` : ""}${stack}\n`;
}

interface LoggerOptions {
  /** where lines go (default: standard output) */
  destination?: DestinationStream;
  /** JSON lines (default: production, or LOG_FORMAT) */
  json?: boolean;
  process?: string;
}

/** A logger with the redaction, the scrubber and the request id; `log` below is the process's own. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const json = opts.json ?? jsonLines();
  const secrets = secretEnvValues();
  const out = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const destination: DestinationStream = json ? out : { write: (line: string) => out.write(readableLine(line)) };
  return pino(
    {
      level: process.env.LOG_LEVEL || "info",
      base: opts.process ? { process: opts.process } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      hooks: { streamWrite: (line) => scrub(line, secrets) },
    },
    destination,
  );
}

type Fields = Record<string, unknown>;
const STATE = Symbol.for("hourglass.logger");
const globals = globalThis as { [STATE]?: { logger: Logger | null; process?: string } };
const state = (globals[STATE] ??= { logger: null });
const current = () => (state.logger ??= createLogger({ process: state.process }));

/** The process's logger: `log.error("could not send", { err, outboxId })`. */
export const log = {
  debug: (msg: string, fields: Fields = {}) => current().debug(fields, msg),
  info: (msg: string, fields: Fields = {}) => current().info(fields, msg),
  warn: (msg: string, fields: Fields = {}) => current().warn(fields, msg),
  error: (msg: string, fields: Fields = {}) => current().error(fields, msg),
};

/** Sends the process's log lines to `destination` instead (tests capture them); null restores standard output. */
export function setLogDestination(destination: DestinationStream | null, json?: boolean): void {
  state.logger = destination ? createLogger({ destination, json, process: state.process }) : null;
}

/**
 * At the start of a process (web, worker, realtime): names it in every line and, with JSON lines, sends
 * console.* through the logger too, so Next's and every module's own console lines are JSON with the
 * request id, and scrubbed. Once per process.
 */
export function startLogging(processName: string): void {
  state.process = processName;
  state.logger = null;
  if (jsonLines()) routeConsoleThroughLogger();
  failInOneSentence(processName);
}

/**
 * Issue 20 (first contact): a process that fails ends with one sentence saying what went wrong, never a
 * stack (HOURGLASS_DEBUG=1 adds it). For the launchers (npm run dev, npm start) and, through startLogging,
 * the web, worker and realtime processes.
 */
export function failInOneSentence(processName: string, exit: (code: number) => void = (code) => process.exit(code)): void {
  // Choice: only when nobody else listens. Next's server (in the web process) installs its own handlers
  // so that a stray rejection in one render is logged and does not stop the portal; it keeps that say.
  const fail = (event: "uncaughtException" | "unhandledRejection") => (error: unknown) => {
    if (process.listenerCount(event) > 1) return;
    const sentence = `${processName} stopped: ${inOneSentence(error)}`;
    if (jsonLines()) current().fatal(process.env.HOURGLASS_DEBUG === "1" ? { err: error } : {}, sentence);
    else process.stderr.write(`${scrub(sentence)}\n${process.env.HOURGLASS_DEBUG === "1" && error instanceof Error ? `${scrub(String(error.stack))}\n` : ""}`);
    exit(1);
  };
  process.on("uncaughtException", fail("uncaughtException"));
  process.on("unhandledRejection", fail("unhandledRejection"));
}

/** The error as one sentence: its own message's first line, or what to do for the failures a self-hoster meets first. */
export function inOneSentence(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === "EADDRINUSE") return `port ${e.port ?? ""} is already in use; stop what holds it, or choose another with PORT (or REALTIME_PORT).`;
  if (e?.code === "EACCES" && /spawn/.test(String(e.syscall ?? e.message))) {
    return `a program could not be started (${e.message.split("\n")[0]}); as root, PostgreSQL runs as the user postgres, which must be able to enter the project's folder: run as an ordinary user, move the project (e.g. to /srv/hourglass), or set DATABASE_URL.`;
  }
  if (e?.code === "ECONNREFUSED") return `nothing answers at ${e.address ?? "the database or service"}${e.port ? `:${e.port}` : ""}; check DATABASE_URL (or the service's URL) and that it is running.`;
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split("\n").find((l) => l.trim()) ?? "unknown error").trim();
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

let routed = false;

/** console.log/info/debug/warn/error as log lines (the arguments formatted as console would). */
export function routeConsoleThroughLogger(): void {
  if (routed) return;
  routed = true;
  const to = (level: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => {
    const err = args.find((a): a is Error => a instanceof Error);
    current()[level](err ? { err } : {}, format(...args.map((a) => (a instanceof Error ? a.message : a))));
  };
  Object.assign(console, { log: to("info"), info: to("info"), debug: to("debug"), warn: to("warn"), error: to("error") });
}
