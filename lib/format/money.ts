// Display and input only: cents in, "$1,234.56" out; "22.22" typed in, 2222 cents out.
// No money arithmetic happens here.
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatCents(cents: number | bigint): string {
  const n = typeof cents === "bigint" ? cents : BigInt(cents);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const text = usd.format(Number(abs / 100n)).replace(/\.00$/, "") + "." + String(abs % 100n).padStart(2, "0");
  return negative ? `-${text}` : text;
}

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h}:00 h` : `${h}:${String(m).padStart(2, "0")} h`;
}

/** Dollars typed by a person to integer cents, without floating point: "22.22" -> 2222. NaN when malformed. */
export function parseDollars(text: string): number {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Integer cents to the text an input field is prefilled with, without floating point: 2222 -> "22.22" (parseDollars reads it back). */
export function centsToInput(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`centsToInput: ${cents} is not a non-negative whole number of cents`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
