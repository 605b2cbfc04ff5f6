import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listConversations } from "@/lib/messages/list-conversations";
import { ConversationList } from "@/components/messages/conversation-list";
import { MessagesShell } from "@/components/messages/messages-shell";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const conversations = await listConversations(user);
  return (
    <MessagesShell threadOpen={false} list={<ConversationList initial={conversations} userId={user.id} timeZone={user.timezone} />}>
      <div className="flex h-full min-h-[20rem] items-center justify-center rounded border border-dashed border-slate-300 bg-white p-6 text-slate-500">
        Choose a conversation to read and reply.
      </div>
    </MessagesShell>
  );
}
