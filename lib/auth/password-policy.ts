// What a new password must be (issue 16: sign-up, invitation, reset, change): long enough, not one of the
// passwords every attacker tries first, not the account's own email or name. Pure, so forms and services share it.
// Choice: length and a common-password list, no "one digit, one symbol" rules: NIST SP 800-63B advises against
// composition rules, and a 12-character phrase is stronger than "Passw0rd!".
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 12;
// Choice: 1,024 characters at most, as the sign-in form accepts; scrypt's cost does not grow with length.
export const PASSWORD_MAX_LENGTH = 1024;

let common: ReadonlySet<string> | undefined;
function isCommon(lowered: string): boolean {
  common ??= new Set(COMMON_PASSWORDS);
  return common.has(lowered);
}

/** null when the password may be used; otherwise the message to show at the password field. */
export function checkPasswordStrength(password: string, context: { email?: string; name?: string } = {}): string | null {
  // counted in characters as people count them, not UTF-16 units; the same NFKC form the hash uses
  const normalized = password.normalize("NFKC");
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH.toLocaleString("en-US")} characters.`;
  const lowered = normalized.toLowerCase();
  // Choice: "aaaaaaaaaaaa" and "121212121212" are long but guessed at once; refuse a password of one repeated short pattern
  if (/^(.{1,3})\1+$/su.test(lowered)) return "That password is a short pattern repeated. Choose something harder to guess.";
  if (isCommon(lowered)) return "That password is one of the most common ones. Choose something harder to guess.";
  const email = context.email?.trim().toLowerCase();
  if (email && (lowered === email || lowered === email.split("@")[0])) return "Do not use your email address as your password.";
  const name = context.name?.trim().toLowerCase();
  if (name && lowered.replace(/\s+/gu, "") === name.replace(/\s+/gu, "")) return "Do not use your name as your password.";
  return null;
}
