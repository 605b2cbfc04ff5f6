import "server-only";
// The conversation an admin reads while reviewing a dispute: the dispute's contract's, read-only
// (R7.3 admin review). Nothing here writes: no message, no read state, no presence.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { getConversation } from "./get-conversation";
import { listMessages } from "./list-messages";
import { isUuid } from "./scope";
import type { ConversationView, MessagePage } from "./types";

export interface DisputeConversation {
  conversation: ConversationView;
  firstPage: MessagePage;
}

/**
 * For an admin only, and only through a dispute: the conversation of the disputed contract with
 * its newest page. Anyone else, and a dispute that does not exist, get not_found: the parties read
 * their conversation in Messages, where they can also answer.
 */
export async function getDisputeConversation(user: CurrentUser, disputeId: string): Promise<DisputeConversation> {
  if (user.role !== "ADMIN" || !isUuid(disputeId)) throw notFound("No such conversation.");
  const row = await db().conversation.findFirst({ where: { contract: { disputes: { some: { id: disputeId } } } }, select: { id: true } });
  if (!row) throw notFound("No such conversation.");
  // The same readers as the API's: they hold an admin to contracts that have a dispute (scope.ts).
  const [conversation, firstPage] = await Promise.all([getConversation(user, row.id), listMessages(user, row.id)]);
  return { conversation, firstPage };
}
