import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { isUuid, readableContracts } from "./scope";
import type { ConversationView, Participant } from "./types";

/** One conversation the user may read, with both sides' read state. 404 otherwise. */
export async function getConversation(user: CurrentUser, conversationId: string): Promise<ConversationView> {
  if (!isUuid(conversationId)) throw notFound("No such conversation.");
  const row = await db().conversation.findFirst({
    where: { id: conversationId, contract: readableContracts(user) },
    select: {
      id: true,
      contractId: true,
      contract: {
        select: {
          title: true,
          status: true,
          client: { select: { id: true, name: true, role: true } },
          freelancer: { select: { id: true, name: true, role: true } },
        },
      },
      reads: { select: { userId: true, lastReadAt: true } },
    },
  });
  if (!row) throw notFound("No such conversation.");
  const { client, freelancer } = row.contract;
  const me: Participant | null = user.id === client.id ? client : user.id === freelancer.id ? freelancer : null;
  const other = me?.id === client.id ? freelancer : me ? client : freelancer;
  const readAt = (id: string | undefined) => row.reads.find((r) => r.userId === id)?.lastReadAt.toISOString() ?? null;
  return {
    id: row.id,
    contractId: row.contractId,
    contractTitle: row.contract.title,
    contractStatus: row.contract.status,
    client,
    freelancer,
    me,
    other,
    myLastReadAt: readAt(me?.id),
    otherLastReadAt: readAt(other.id),
  };
}
