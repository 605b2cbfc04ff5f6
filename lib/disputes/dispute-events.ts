import "server-only";
// Every dispute transition tells the people who must see it, after its transaction
// committed (docs/development.md side effects after commit): the client and the freelancer on
// their own user channels, and every admin (the disputes queue). The event only says
// which dispute changed; pages refetch it (lib/realtime/client/events.ts).
import { db } from "@/lib/db/client";
import { notify } from "@/lib/realtime/notify";

export interface DisputeParties {
  disputeId: string;
  contractId: string;
  clientId: string;
  freelancerId: string;
}

/** Choice: admins hear of every transition (a filing, an answer, a withdrawal), so an open queue never shows a stale row. */
export async function announceDisputes(disputes: readonly DisputeParties[]): Promise<void> {
  if (disputes.length === 0) return;
  const admins = await db().user.findMany({ where: { role: "ADMIN", suspendedAt: null }, select: { id: true } });
  await notify(
    disputes.flatMap((d) =>
      [d.clientId, d.freelancerId, ...admins.map((a) => a.id)].map((userId) => ({
        userId,
        event: "dispute-updated" as const,
        data: { disputeId: d.disputeId, contractId: d.contractId },
      })),
    ),
  );
}
