import { weakSecretReason } from "@/lib/config/environment";

/** AUTH_SECRET, refused when short or a known default (the web process also checks it at startup: instrumentation.ts). */
export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  const weak = weakSecretReason(secret);
  if (weak) throw new Error(`AUTH_SECRET ${weak}.`);
  return secret as string;
}
