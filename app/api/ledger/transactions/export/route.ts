// GET /api/ledger/transactions/export - the filtered Transaction History (same filters as the table, every page) as CSV, streamed in keyset batches
import { withSession } from "@/lib/api/handler";
import { allHistoryLines, historyWindow, viewerOf } from "@/lib/ledger/list-transactions";
import { csvHeader, csvLine } from "@/lib/reports/csv";
import { historyQuery, searchParamsObject } from "@/lib/validation/reports";
import { now } from "@/lib/clock";

export const GET = withSession(
  async (req, { user }) => {
    const q = historyQuery.parse(searchParamsObject(req.nextUrl.searchParams));
    const viewer = viewerOf(user)!; // the roles below hold accounts
    const at = now();
    const window = historyWindow(q, at);
    const batches = allHistoryLines(user, { from: window.from, to: window.to ?? undefined, type: q.type, contract: q.contract }, at);
    const encoder = new TextEncoder();
    // Pulled one batch at a time: a slow download holds one batch in memory, never the whole history.
    const body = new ReadableStream<Uint8Array>({
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
    });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const name = `hourglass-transactions-${day(window.from)}-to-${day(new Date((window.to ?? at).getTime() - 1))}.csv`;
    return new Response(body, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" },
    });
  },
  { roles: ["CLIENT", "FREELANCER"] },
);
