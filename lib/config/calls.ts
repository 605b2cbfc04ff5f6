// R17.1 the settings of audio calls: the ICE servers browsers are given (ICE_SERVERS, and short-lived TURN
// credentials from TURN_SECRET / TURN_URLS / TURN_TTL_SECONDS, coturn's REST API), and the ring timeout a test
// server may shorten (HOURGLASS_CALL_RING_SECONDS). Pure: read by the web process and by environmentProblems.
// No "server-only" marker: the launchers run environmentProblems in plain Node.
type Env = Record<string, string | undefined>;

/** What RTCPeerConnection takes: `urls` and, for TURN, a username and credential. */
export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface TurnSettings {
  secret: string;
  urls: string[];
  ttlSeconds: number;
}

/** Choice: coturn's REST credentials last an hour by default, longer than nearly every call; a call in progress keeps its allocation after expiry. */
const DEFAULT_TURN_TTL_SECONDS = 3600;
/** Like every other secret the operator picks (AUTH_SECRET, PUSHER_SECRET). */
export const MIN_TURN_SECRET_LENGTH = 32;
const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/;

const isIceUrl = (u: unknown): u is string => typeof u === "string" && ICE_URL.test(u);

/** ICE_SERVERS parsed: a JSON array of RTCIceServer ({ urls, username?, credential? }); unset or empty is none (loopback and LAN). Throws saying what is wrong. */
export function parseIceServers(raw: string | undefined): IceServerConfig[] {
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('ICE_SERVERS is not JSON; write an array such as [{"urls":"stun:stun.example.com:3478"}].');
  }
  if (!Array.isArray(value)) throw new Error('ICE_SERVERS must be a JSON array such as [{"urls":"stun:stun.example.com:3478"}].');
  return value.map((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new Error(`ICE_SERVERS[${i}] must be an object with "urls".`);
    const { urls, username, credential, ...rest } = entry as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new Error(`ICE_SERVERS[${i}] has unknown field "${extra[0]}"; use urls, username and credential.`);
    const list = Array.isArray(urls) ? urls : [urls];
    if (list.length === 0 || !list.every(isIceUrl)) throw new Error(`ICE_SERVERS[${i}].urls must be stun:, stuns:, turn: or turns: URLs.`);
    if (username !== undefined && typeof username !== "string") throw new Error(`ICE_SERVERS[${i}].username must be a string.`);
    if (credential !== undefined && typeof credential !== "string") throw new Error(`ICE_SERVERS[${i}].credential must be a string.`);
    const turn = list.some((u) => u.startsWith("turn"));
    if (turn && (username === undefined || credential === undefined)) throw new Error(`ICE_SERVERS[${i}] is a TURN server: give its username and credential (or use TURN_SECRET).`);
    return { urls: urls as string | string[], ...(username !== undefined ? { username } : {}), ...(credential !== undefined ? { credential } : {}) };
  });
}

/** TURN_SECRET with TURN_URLS, or null when TURN credentials are not issued. Throws when they are set inconsistently. */
export function turnSettings(env: Env = process.env): TurnSettings | null {
  const secret = env.TURN_SECRET;
  const urls = (env.TURN_URLS ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  if (!secret && urls.length === 0) return null;
  if (!secret) throw new Error("TURN_URLS is set without TURN_SECRET; set TURN_SECRET to coturn's static-auth-secret.");
  if (urls.length === 0) throw new Error("TURN_SECRET is set without TURN_URLS; list your TURN server, e.g. TURN_URLS=turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349.");
  const bad = urls.find((u) => !/^turns?:[^\s]+$/.test(u));
  if (bad) throw new Error(`TURN_URLS entry "${bad}" is not a turn: or turns: URL.`);
  const ttlRaw = env.TURN_TTL_SECONDS;
  const ttlSeconds = ttlRaw === undefined || ttlRaw === "" ? DEFAULT_TURN_TTL_SECONDS : Number(ttlRaw);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 86_400) throw new Error(`TURN_TTL_SECONDS must be whole seconds from 60 to 86400, got "${ttlRaw}".`);
  return { secret, urls, ttlSeconds };
}

/** HOURGLASS_CALL_RING_SECONDS in seconds, or null when unset (the 45 s of R17.1). Refused in production by callProblems. */
export function callRingSecondsOverride(env: Env = process.env): number | null {
  const raw = env.HOURGLASS_CALL_RING_SECONDS;
  if (raw === undefined || raw === "") return null;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) throw new Error(`HOURGLASS_CALL_RING_SECONDS must be whole seconds from 1 to 600, got "${raw}".`);
  return seconds;
}

/**
 * What is wrong with the call settings for `production`: in every mode a malformed ICE_SERVERS or TURN setting
 * (it would fail each call later); in production also a short TURN_SECRET and a shortened ring.
 */
export function callProblems(env: Env, production: boolean): string[] {
  const problems: string[] = [];
  const attempt = (check: () => unknown) => {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  attempt(() => parseIceServers(env.ICE_SERVERS));
  attempt(() => turnSettings(env));
  attempt(() => callRingSecondsOverride(env));
  if (!production) return problems;
  if (env.TURN_SECRET && env.TURN_SECRET.length < MIN_TURN_SECRET_LENGTH) {
    problems.push(`TURN_SECRET is ${env.TURN_SECRET.length} characters long; use at least ${MIN_TURN_SECRET_LENGTH} random characters (openssl rand -base64 32), the same as coturn's static-auth-secret.`);
  }
  if (env.HOURGLASS_CALL_RING_SECONDS !== undefined) problems.push("HOURGLASS_CALL_RING_SECONDS is set: a shortened ring is for test and demo mode only (R17.1 rings 45 s); unset it in production.");
  return problems;
}
