// Checks of bank and card numbers for R10.1's payout methods, pure and shared by
// the add-method form (in the browser) and the server's zod schema, so both
// refuse the same input with the same words. Nothing here logs or echoes a number.

/** Letters and digits only, upper case: people type spaces and dashes. */
export function compact(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

/**
 * ABA routing number: 9 digits whose weighted sum 3-7-1 is a multiple of 10, with a first pair in
 * the ranges the Federal Reserve assigns (00-12 banks, 21-32 thrifts, 61-72 electronic, 80 travellers' cheques).
 */
export function isAbaRoutingNumber(text: string): boolean {
  if (!/^\d{9}$/.test(text)) return false;
  const d = [...text].map(Number);
  const prefix = d[0]! * 10 + d[1]!;
  if (!((prefix >= 0 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

/** Luhn (mod 10) check of a card number. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** IBAN (ISO 13616): country, check digits, 11-30 letters and digits; mod 97 of the rearranged number is 1. */
export function isIban(text: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** SWIFT/BIC (ISO 9362): 4 letters of bank, 2 of country, 2 of location, optionally 3 of branch. */
export function isSwiftBic(text: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(text);
}

export type CardBrand = "Visa" | "Mastercard" | "American Express" | "Discover" | "Card";

/** The card network by its leading digits, for the method's label only. */
export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return "Visa";
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return "Mastercard";
  if (/^3[47]/.test(digits)) return "American Express";
  if (/^(6011|65|64[4-9])/.test(digits)) return "Discover";
  return "Card";
}

/**
 * A card's expiry "MM/YY" (or "MM/YYYY") as the first instant after it: a card is valid through the
 * last day of its month. Null when malformed.
 */
export function cardExpiryEnd(text: string): Date | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  if (month < 1 || month > 12) return null;
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return new Date(Date.UTC(year, month, 1)); // month is 1-based, so this is the 1st of the next month
}

/** "••••6789": how every number is shown once stored. */
export function masked(last4: string): string {
  return `••••${last4}`;
}
