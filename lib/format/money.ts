// Display only: cents in, "$1,234.56" out. No arithmetic happens here.
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
