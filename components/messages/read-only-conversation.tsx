"use client";
// The contract's conversation as an admin reviewing a dispute reads it: every message with its
// sender, earlier pages on request, and nothing that writes (no composer, no read receipts, no
// presence: the parties do not see an admin "online" in their conversation).
import type { ConversationView, MessagePage } from "@/lib/messages/types";
import { messageStamp } from "@/lib/messages/format";
import { useThread } from "@/lib/queries/messages";
import { AttachmentList } from "./attachment-preview";

export function ReadOnlyConversation({ conversation, firstPage, timeZone }: { conversation: ConversationView; firstPage: MessagePage; timeZone: string }) {
  const thread = useThread(conversation.id, firstPage);
  const messages = (thread.data?.pages ?? []).flatMap((p) => p.messages).reverse();
  const role = (senderId: string) => (senderId === conversation.client.id ? "client" : senderId === conversation.freelancer.id ? "freelancer" : null);
  return (
    <section aria-labelledby="dispute-conversation-title" data-testid="dispute-conversation" className="space-y-2">
      <h2 id="dispute-conversation-title" className="font-semibold">
        Conversation
      </h2>
      <p className="text-sm text-slate-600">
        Between {conversation.client.name} (client) and {conversation.freelancer.name} (freelancer). Read-only: admins cannot post here, and reading it marks nothing as read.
      </p>
      <div className="max-h-[32rem] space-y-3 overflow-y-auto rounded border border-slate-200 bg-white p-3">
        {thread.hasNextPage && (
          <button type="button" onClick={() => void thread.fetchNextPage()} disabled={thread.isFetchingNextPage} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60">
            {thread.isFetchingNextPage ? "Loading earlier messages…" : "Load earlier messages"}
          </button>
        )}
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">No messages in this conversation.</p>
        ) : (
          <ol className="space-y-3" aria-label={`Messages between ${conversation.client.name} and ${conversation.freelancer.name}`}>
            {messages.map((m) => (
              <li key={m.id} data-testid="dispute-message" className="space-y-1">
                <p className="text-xs text-slate-600">
                  <span className="font-medium text-slate-900">{m.senderName}</span>
                  {role(m.senderId) && <span> ({role(m.senderId)})</span>} · <time dateTime={m.createdAt}>{messageStamp(m.createdAt, timeZone)}</time>
                </p>
                {m.body && <p className="whitespace-pre-wrap break-words text-sm">{m.body}</p>}
                <AttachmentList attachments={m.attachments} mine={false} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
