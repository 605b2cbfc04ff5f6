// Display and input only: cents in, "$1,234.56" out; "22.22" typed in, 2222 cents out.
// No money arithmetic happens here.
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 1234567 -> "1,234,567" (a non-negative safe integer) */
function groupThousands(n: number): string {
  const digits = String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return out;
}

export function formatCents(cents: number | bigint): string {
  // Plain arithmetic for safe integers (the weekly close writes tens of thousands of these):
  // the same text as the Intl path below, which stays for bigints beyond them.
  if (typeof cents === "number" && Number.isSafeInteger(cents)) {
    const abs = Math.abs(cents);
    const rest = abs % 100;
    const text = `$${groupThousands((abs - rest) / 100)}.${rest < 10 ? "0" : ""}${rest}`;
    return cents < 0 ? `-${text}` : text;
  }
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
