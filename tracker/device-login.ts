// Signing the tracker in without copying a token: the OAuth 2.0 device authorization grant
// (RFC 8628), as `gh auth login` does. The tracker shows a short code, the freelancer approves it
// on the portal's /device page, and the tracker receives a tracker token of its own.
import { hostname } from "node:os";
import { z } from "zod";
import { PortalClient, PortalUnreachable, type PortalAnswer } from "./api-client";
import { realSleep } from "./clock";
import type { TrackerProfile } from "../lib/validation/tracker";

const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

const deviceCodeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().optional(),
});
const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string() });
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** The sign-in did not end with a token: denied, expired, or the portal cannot do it. The message says which. */
export class DeviceLoginError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "DeviceLoginError";
  }
}

/** Choice: a device is named after the computer and its system, e.g. "fiona-laptop (linux)"; --device-name overrides it. */
export function defaultDeviceName(): string {
  return `${hostname()} (${process.platform})`.slice(0, 80);
}

export interface DeviceLoginOptions {
  deviceName?: string;
  /** R15.1 the public key of the key pair made for this sign-in (base64url raw 32 bytes): the token is issued with it */
  publicKey?: string;
  /** the code to show and where to enter it; the complete URI carries the code already */
  onCode: (userCode: string, verificationUri: string, verificationUriComplete: string) => void | Promise<void>;
  signal?: AbortSignal;
  /** how to wait between polls (the tracker's real sleep unless a test records the waits) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

function describeRefusal(answer: PortalAnswer, what: string): string {
  const oauth = oauthErrorSchema.safeParse(answer.body);
  const detail = oauth.success ? (oauth.data.error_description ?? oauth.data.error) : `HTTP ${answer.status}`;
  if (answer.status === 429) {
    const wait = answer.retryAfterMs === undefined ? "" : ` Try again in ${Math.ceil(answer.retryAfterMs / 1000)} s.`;
    return `Too many sign-in attempts from this address.${wait}`;
  }
  if (answer.status === 404) return `This portal does not offer device sign-in (${what} answered 404). Log in with a token from Settings > Tracker: hourglass-tracker login <portal-url> <token>`;
  return `The portal refused to ${what}: ${detail}`;
}

/** Runs the whole device sign-in against `portalUrl`; resolves with the new token and who it belongs to. */
export async function deviceLogin(portalUrl: string, opts: DeviceLoginOptions): Promise<{ token: string; profile: TrackerProfile }> {
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const anonymous = new PortalClient(portalUrl, null, 30_000);
  const aborted = () => new DeviceLoginError("Sign-in cancelled.", "cancelled");

  const codeAnswer = await anonymous.postForm(
    "/api/tracker/v1/device/code",
    { device_name: (opts.deviceName ?? defaultDeviceName()).trim().slice(0, 80), ...(opts.publicKey ? { public_key: opts.publicKey } : {}) },
    opts.signal,
  );
  const code = codeAnswer.status === 200 ? deviceCodeSchema.safeParse(codeAnswer.body) : null;
  if (!code?.success) throw new DeviceLoginError(describeRefusal(codeAnswer, "start a device sign-in"), "device_code");
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in } = code.data;
  await opts.onCode(user_code, verification_uri, verification_uri_complete ?? verification_uri);

  // RFC 8628 3.5: poll at the interval (5 s when unsaid), 5 s slower after each slow_down.
  let intervalMs = (code.data.interval ?? 5) * 1000;
  const expiresAt = now() + expires_in * 1000;
  const expired = () => new DeviceLoginError("The code expired before it was approved. Run login again for a new one.", "expired_token");
  for (;;) {
    await sleep(intervalMs, opts.signal);
    if (opts.signal?.aborted) throw aborted();
    let answer: PortalAnswer;
    try {
      answer = await anonymous.postForm("/api/tracker/v1/device/token", { grant_type: GRANT_TYPE, device_code }, opts.signal);
    } catch (error) {
      if (opts.signal?.aborted) throw aborted();
      // Choice: a network blip while waiting for the approval is not the end of the sign-in; the code's expiry is.
      if (error instanceof PortalUnreachable && now() < expiresAt) continue;
      throw error instanceof PortalUnreachable ? expired() : error;
    }
    if (answer.status === 200) {
      const token = tokenSchema.safeParse(answer.body);
      if (!token.success) throw new DeviceLoginError("The portal's answer carried no token.", "invalid_response");
      const profile = await new PortalClient(portalUrl, token.data.access_token).me();
      return { token: token.data.access_token, profile };
    }
    const oauth = oauthErrorSchema.safeParse(answer.body);
    const error = oauth.success ? oauth.data.error : null;
    if (error === "authorization_pending" || (answer.status >= 500 && now() < expiresAt)) {
      if (now() >= expiresAt) throw expired();
      continue;
    }
    if (error === "slow_down") {
      intervalMs += 5_000;
      continue;
    }
    if (error === "access_denied") throw new DeviceLoginError("The sign-in was denied in the browser. Nothing was stored.", "access_denied");
    if (error === "expired_token") throw expired();
    throw new DeviceLoginError(describeRefusal(answer, "sign this device in"), error ?? "device_token");
  }
}
