import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePageUser } from "@/lib/auth/require-page-user";
import type { CurrentUser } from "@/lib/auth/current-user";
import { listConversations } from "@/lib/messages/list-conversations";
import { ConversationList } from "@/components/messages/conversation-list";
import { ConversationListSkeleton } from "@/components/messages/conversation-list-skeleton";
import { MessagesShell } from "@/components/messages/messages-shell";

export const metadata: Metadata = { title: "Messages" };

async function Conversations({ user }: { user: CurrentUser }) {
  return <ConversationList initial={await listConversations(user)} userId={user.id} timeZone={user.timezone} />;
}

// Choice: the list streams in behind a skeleton (Suspense here), rather than a
// loading.tsx for all of /messages, whose boundary would also wrap
// /messages/[id] and make it answer 200 instead of 404 for another contract's conversation.
export default async function MessagesPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  return (
    <MessagesShell
      threadOpen={false}
      list={
        <Suspense fallback={<ConversationListSkeleton />}>
          <Conversations user={user} />
        </Suspense>
      }
    >
      <div className="flex h-full min-h-[20rem] items-center justify-center rounded border border-dashed border-slate-300 bg-white p-6 text-slate-500">
        Choose a conversation to read and reply.
      </div>
    </MessagesShell>
  );
}
