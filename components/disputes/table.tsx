import type { ReactNode } from "react";

export interface Column {
  label: string;
  right?: boolean;
}

/** The dispute pages' tables: a bordered, scrollable table with one header row. */
export function Table({ testId, columns, children }: { testId: string; columns: ReadonlyArray<Column | false>; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
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
