// GET /api/ledger/transactions/export - the filtered Transaction History (same filters as the table, every page) as CSV, streamed in keyset batches
import { withSession } from "@/app/api/_lib/handler";
import { ApiError } from "@/lib/errors";
import { historyCsv } from "@/lib/reports/export-csv";
import { historyQuery, searchParamsObject } from "@/lib/validation/reports";
import { now } from "@/lib/clock";

export const GET = withSession(
  async (req, { user }) => {
    const q = historyQuery.parse(searchParamsObject(req.nextUrl.searchParams));
    const csv = historyCsv(user, q, now());
    if (!csv) throw new ApiError("forbidden", "Only clients and freelancers have a transaction history.");
    return new Response(csv.body, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${csv.filename}"`, "cache-control": "private, no-store" },
    });
  },
  { roles: ["CLIENT", "FREELANCER"] },
);
