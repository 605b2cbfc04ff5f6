// The portal's public origin, for absolute links that leave the browser (emails).
// No "server-only" marker: the launchers and the worker run in plain Node.
type Env = Record<string, string | undefined>;

/**
 * AUTH_URL (or NEXTAUTH_URL), else the dev URL http://127.0.0.1:<PORT>.
 * Choice: an email is read far from the request that caused it (the worker sends
 * it), so its links use the configured origin, never a request's Host header.
 */
export function portalOrigin(env: Env = process.env): string {
  const configured = env.AUTH_URL || env.NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  return `http://127.0.0.1:${env.PORT || 3000}`;
}
