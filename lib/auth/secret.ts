export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error("AUTH_SECRET must be set to at least 32 random characters (e.g. `openssl rand -base64 32`).");
  }
  return secret;
}
