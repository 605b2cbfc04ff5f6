// Schemas of Reports (R12): Transaction History's filters, shared by its page
// (URL search parameters), its JSON route and its CSV export, so a filtered view
// is one link and the export is the same view.
import { z } from "zod";
import { text } from "./text";
import { chooseOne } from "./field-labels";

/** R12 the types a history line shows (and can be filtered by). */
export const HISTORY_TYPES = [
  "HOURLY", "BONUS", "WEEKLY_PAYMENT", "SERVICE_FEE", "CLIENT_FEE", "REFUND", "WITHDRAWAL", "WITHDRAWAL_FEE", "ADJUSTMENT",
  // R14.5 client billing: a client's charges, failed attempts and write-offs; a freelancer's holds of an unpaid week
  "CHARGE", "FAILED_CHARGE", "WRITE_OFF", "PAYMENT_HOLD",
] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

export const HISTORY_TYPE_LABELS: Record<HistoryType, string> = {
  HOURLY: "Hourly",
  BONUS: "Bonus",
  WEEKLY_PAYMENT: "Weekly payment",
  SERVICE_FEE: "Service fee",
  CLIENT_FEE: "Client fee",
  REFUND: "Refund",
  WITHDRAWAL: "Withdrawal",
  WITHDRAWAL_FEE: "Withdrawal fee",
  ADJUSTMENT: "Adjustment",
  CHARGE: "Charge",
  FAILED_CHARGE: "Failed charge",
  WRITE_OFF: "Write-off",
  PAYMENT_HOLD: "Payment hold",
};

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A bound of the date range: a day (YYYY-MM-DD, UTC) or an ISO instant.
 * Choice: days are UTC days (the rules' time, R1); `to` as a day includes that whole day.
 */
const bound = (edge: "from" | "to") =>
  text()
    .trim()
    .refine((s) => (DAY.test(s) ? z.iso.date().safeParse(s).success : z.iso.datetime({ offset: true }).safeParse(s).success), {
      message: `Use a day such as 2024-06-01 or an ISO instant such as 2024-06-01T00:00:00Z.`,
    })
    .transform((s) => (DAY.test(s) ? new Date(Date.parse(`${s}T00:00:00Z`) + (edge === "to" ? DAY_MS : 0)) : new Date(s)));

/** Choice: at most 500 ledger entries per page (the table asks for 50); the export walks pages of 1,000 itself. */
export const HISTORY_PAGE_MAX = 500;

export const historyQuery = z
  .object({
    from: bound("from").optional(),
    to: bound("to").optional(),
    type: z.enum(HISTORY_TYPES, { error: chooseOne("a type", HISTORY_TYPES, HISTORY_TYPE_LABELS) }).optional(),
    contract: z.uuid("No such contract.").optional(),
    cursor: text().max(300, "This page link is not valid; start from the first page.").optional(),
    limit: z.coerce.number({ error: "Give the page size as a number." }).int("Give a whole number.").min(1, "At least 1.").max(HISTORY_PAGE_MAX, `At most ${HISTORY_PAGE_MAX}.`).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ["to"], message: "The end must be after the start." });
export type HistoryQueryInput = z.input<typeof historyQuery>;
export type HistoryQuery = z.output<typeof historyQuery>;

/** Search parameters as Next gives them to a page or a route: empty values count as absent, repeated ones take the first. */
export function searchParamsObject(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "" && !(k in out)) out[k] = value;
  }
  return out;
}

/** Choice: the default view is the last 30 days up to now (R12). */
export const DEFAULT_HISTORY_DAYS = 30;
