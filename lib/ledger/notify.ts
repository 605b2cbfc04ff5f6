// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// Realtime notices about money, sent only after the transaction that justified
// them has committed. They tell the user's pages what to refetch; they carry no
// balances. Tests capture them instead of publishing.
import { channels } from "@/lib/realtime/config";

export interface MoneyNotice {
  userId: string;
  event: "payment-available" | "withdrawal-updated" | "ledger-updated" | "dispute-updated" | "contract-updated";
  data?: Record<string, unknown>;
}

let sink: ((notice: MoneyNotice) => void) | null = null;

/** Send notices somewhere else than realtime (tests, the seed and benchmarks, where no realtime server runs); null restores publishing. */
export function setNoticeSink(fn: ((notice: MoneyNotice) => void) | null): void {
  sink = fn;
}

export async function notify(notices: readonly MoneyNotice[]): Promise<void> {
  const seen = new Set<string>();
  const unique = notices.filter((n) => {
    const key = `${n.userId}:${n.event}:${JSON.stringify(n.data ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (sink) {
    for (const n of unique) sink(n);
    return;
  }
  const { publish } = await import("@/lib/realtime/publish");
  await Promise.all(unique.map((n) => publish(channels.user(n.userId), n.event, n.data ?? {})));
}
