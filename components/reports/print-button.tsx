"use client";
// Prints the invoice page (its print styles leave only the document).
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
      Print
    </button>
  );
}
