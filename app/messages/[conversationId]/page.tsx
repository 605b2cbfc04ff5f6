import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { ApiError } from "@/lib/errors";
import { getConversation } from "@/lib/messages/get-conversation";
import { listConversations } from "@/lib/messages/list-conversations";
import { listMessages } from "@/lib/messages/list-messages";
import { ConversationList } from "@/components/messages/conversation-list";
import { ConversationView } from "@/components/messages/conversation-view";
import { MessagesShell } from "@/components/messages/messages-shell";

export const metadata: Metadata = { title: "Messages" };

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const { conversationId } = await params;
  let data;
  try {
    data = await Promise.all([getConversation(user, conversationId), listMessages(user, conversationId), listConversations(user)]);
  } catch (error) {
    // Another contract's conversation looks exactly like one that does not exist.
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
  const [conversation, firstPage, conversations] = data;
  return (
    <MessagesShell threadOpen list={<ConversationList initial={conversations} activeId={conversation.id} userId={user.id} timeZone={user.timezone} />}>
      <ConversationView key={conversation.id} initial={conversation} initialPage={firstPage} userId={user.id} timeZone={user.timezone} />
    </MessagesShell>
  );
}
