import type { ReactNode } from "react";
import { ReportsTabs } from "@/components/reports/reports-tabs";

export default function ReportsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold print:hidden">Reports</h1>
      <ReportsTabs />
      {children}
    </div>
  );
}
