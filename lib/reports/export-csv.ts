import "server-only";
// R12 the CSV export as a stream: the header, then the filtered view's lines in
// keyset batches, each batch read only when the consumer pulls (a slow download
// holds one batch in memory, never the whole history).
import type { CurrentUser } from "@/lib/auth/current-user";
import { allHistoryLines, historyWindow, viewerOf } from "./list-transactions";
import type { HistoryQuery } from "@/lib/validation/reports";
import { csvHeader, csvLine } from "./csv";

export interface HistoryCsv {
  body: ReadableStream<Uint8Array>;
  filename: string;
}

/** null for a user who holds no accounts (admins). */
export function historyCsv(user: CurrentUser, q: Pick<HistoryQuery, "from" | "to" | "type" | "contract">, now: Date, batch = 1000): HistoryCsv | null {
  const viewer = viewerOf(user);
  if (!viewer) return null;
  const window = historyWindow(q, now);
  const batches = allHistoryLines(user, { from: window.from, to: window.to ?? undefined, type: q.type, contract: q.contract }, now, batch);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvHeader(viewer)));
      },
      async pull(controller) {
        try {
          const next = await batches.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
        } catch (error) {
          console.error("[reports] CSV export failed", error);
          controller.error(new Error("export failed"));
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { body, filename: `hourglass-transactions-${day(window.from)}-to-${day(new Date((window.to ?? now).getTime() - 1))}.csv` };
}
