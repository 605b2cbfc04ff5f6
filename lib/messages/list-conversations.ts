import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { contractScope } from "@/lib/contracts/list-contracts";

export interface ConversationSummary {
  id: string;
  contractTitle: string;
  otherName: string;
  lastMessage: string | null;
  lastAt: string | null;
}

export async function listConversations(user: CurrentUser): Promise<ConversationSummary[]> {
  const rows = await db().conversation.findMany({
    where: { contract: contractScope(user) },
    include: {
      contract: { select: { title: true, client: { select: { id: true, name: true } }, freelancer: { select: { id: true, name: true } } } },
      messages: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { body: true, createdAt: true } },
    },
  });
  return rows.map((c) => ({
    id: c.id,
    contractTitle: c.contract.title,
    otherName: c.contract.client.id === user.id ? c.contract.freelancer.name : c.contract.client.name,
    lastMessage: c.messages[0]?.body ?? null,
    lastAt: c.messages[0]?.createdAt.toISOString() ?? null,
  }));
}
