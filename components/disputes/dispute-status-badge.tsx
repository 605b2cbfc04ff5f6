import type { DisputeStatus } from "@/lib/generated/prisma/enums";
import { STATUS_STYLE, STATUS_TEXT } from "./labels";

export function DisputeStatusBadge({ status, overdue = false }: { status: DisputeStatus; overdue?: boolean }) {
  // An open dispute past its deadline is already the admins' (R7.3), even before the job has run.
  const shown = overdue && status === "OPEN" ? "ESCALATED" : status;
  return (
    <span data-testid="dispute-status" className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[shown]}`}>
      {STATUS_TEXT[shown]}
    </span>
  );
}
