// The short code a freelancer confirms at /device (RFC 8628 section 6.1): 8 letters without vowels
// or look-alikes, shown as BCDF-GHJK, accepted in any case, with or without the dash or spaces.
import { randomInt } from "node:crypto";

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const LENGTH = 8;

/** A fresh code, stored without its dash: 20^8 (about 2.6e10) possibilities. */
export function newUserCode(pick: (n: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += USER_CODE_ALPHABET[pick(USER_CODE_ALPHABET.length)];
  return code;
}

/** "BCDFGHJK" -> "BCDF-GHJK", as the tracker and the page show it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed, as stored ("bcdf-ghjk" -> "BCDFGHJK"), or null when it cannot be a code. */
export function normalizeUserCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, "").toUpperCase();
  return code.length === LENGTH && [...code].every((c) => USER_CODE_ALPHABET.includes(c)) ? code : null;
}
