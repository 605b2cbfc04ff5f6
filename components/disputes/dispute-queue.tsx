"use client";
// The admins' queue (R7.3): disputes the freelancer declined or left unanswered past the deadline, oldest first.
import type { DisputeSummary } from "@/lib/disputes/list-disputes";
import { useDisputes, useLiveDisputes } from "@/lib/queries/disputes";
import { DisputeTable } from "./dispute-table";

export function DisputeQueue({ initial }: { initial: DisputeSummary[] }) {
  useLiveDisputes();
  const { data = initial, isFetching } = useDisputes("queue", null, initial);
  return (
    <div aria-busy={isFetching} data-testid="dispute-queue">
      <DisputeTable disputes={data} empty="No dispute is waiting for review." showDeadline />
    </div>
  );
}
