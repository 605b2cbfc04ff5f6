import type { ReactNode } from "react";

export interface Column {
  label: string;
  right?: boolean;
}

/**
 * The dispute pages' tables: a bordered table with one header row. On a phone it scrolls sideways,
 * so its box is a named region that the keyboard can reach and scroll (WCAG 2.1.1).
 */
export function Table({ testId, label, columns, children }: { testId: string; label: string; columns: ReadonlyArray<Column | false>; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {columns.map((c, i) => c && <th key={i} className={`px-3 py-2 font-medium ${c.right ? "text-right" : ""}`}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
