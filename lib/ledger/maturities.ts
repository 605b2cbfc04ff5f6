// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R6.3 / R8 / R9.3 when an earning's money moves on: the schedule written with
// the earning (ledger_maturities), one row per earning until its last step.
import { hourlyEarningTimeline } from "@/lib/billing";
import type { Tx } from "./db";

export interface MaturityRow {
  earningId: string;
  userId: string;
  stage: "PENDING" | "AVAILABLE";
  pendingAt: Date | null;
  availableAt: Date;
}

/**
 * R6.3 hourly earnings of a week: in review from the close, pending from the instant after the
 * review window's last second (lib/billing counts that whole second in the window), available
 * at the Wednesday lib/billing names.
 */
export function hourlyMaturity(earningId: string, userId: string, weekStart: Date): MaturityRow {
  const t = hourlyEarningTimeline(weekStart);
  return { earningId, userId, stage: "PENDING", pendingAt: new Date(t.reviewEndsAt.getTime() + 1000), availableAt: t.availableAt };
}

/** R8 / R9.3 earnings that skip review: pending until `availableAt`. */
export function skipReviewMaturity(earningId: string, userId: string, availableAt: Date): MaturityRow {
  return { earningId, userId, stage: "AVAILABLE", pendingAt: null, availableAt };
}

export async function insertMaturities(tx: Tx, rows: readonly MaturityRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({ earning_id: r.earningId, user_id: r.userId, stage: r.stage, pending_at: r.pendingAt?.toISOString() ?? null, available_at: r.availableAt.toISOString() })),
  );
  await tx.$executeRaw`
    INSERT INTO ledger_maturities (earning_id, user_id, stage, pending_at, available_at, due_at)
    SELECT x.earning_id, x.user_id, x.stage::"MaturityStage", x.pending_at, x.available_at, CASE WHEN x.stage = 'PENDING' THEN x.pending_at ELSE x.available_at END
    FROM json_to_recordset(${json}::json) AS x(earning_id uuid, user_id uuid, stage text, pending_at timestamptz, available_at timestamptz)
    ON CONFLICT (earning_id) DO NOTHING`;
}
