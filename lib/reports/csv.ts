// R12 the CSV export of Transaction History: the table's columns, one row per
// table line, money as plain decimals (spreadsheets read them as numbers).
import { HISTORY_TYPE_LABELS } from "@/lib/validation/reports";
import { STATUS_LABELS, type HistoryLine, type Viewer } from "./history-lines";

export function runningColumn(viewer: Viewer): string {
  // R14.5 a client's running figure is what they owe: invoices raise it, charges and write-offs settle it
  return viewer === "CLIENT" ? "Owed" : "Balance";
}

export function csvHeader(viewer: Viewer): string {
  return csvRow(["Date (UTC)", "Reference ID", "Type", "Description", "Contract", "Amount (USD)", "Status", `${runningColumn(viewer)} (USD)`]);
}

/** "2024-06-10 12:00": the table shows the same text. */
export function lineDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Signed cents as a plain decimal: -600 -> "-6.00". */
export function decimal(cents: string | bigint): string {
  const n = BigInt(cents);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

export function csvLine(line: HistoryLine): string {
  return csvRow([
    lineDate(line.createdAt), line.referenceId, HISTORY_TYPE_LABELS[line.type], text(line.description), text(line.contractTitle ?? ""),
    decimal(line.amountCents), STATUS_LABELS[line.status], decimal(line.runningBalanceCents),
  ]);
}

/**
 * Choice: free text (descriptions carry bonus memos a person typed) that a spreadsheet would run as a
 * formula gets a leading apostrophe (CSV injection); amounts are written by us and left as numbers.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",") + "\r\n";
}
