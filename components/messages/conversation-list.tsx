"use client";
// The user's conversations, one per contract, newest activity first, each with
// its unread count and last message; live through the user's channel.
import Link, { useLinkStatus } from "next/link";
import { useConversations, useLiveConversations } from "@/lib/queries/messages";
import type { ConversationSummary } from "@/lib/messages/types";
import { messageStamp, preview } from "@/lib/messages/format";

/** Loading feedback while a conversation opens (its page has no loading boundary, so it can answer 404). */
function OpeningHint() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className="self-center text-xs text-slate-500">
      Opening…
    </span>
  ) : null;
}

export function ConversationList({ initial, activeId, userId, timeZone }: { initial: ConversationSummary[]; activeId?: string; userId: string; timeZone: string }) {
  useLiveConversations(userId);
  const conversations = useConversations(initial);

  if (conversations.isPending) return <p className="animate-pulse p-4 text-slate-500">Loading conversations…</p>;
  if (conversations.isError && !conversations.data) {
    return (
      <p role="alert" className="p-4 text-red-700">
        Could not load your conversations.{" "}
        <button type="button" className="underline" onClick={() => conversations.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  if (conversations.data.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No conversations yet: each contract gets one when it starts.</p>;
  }

  return (
    <nav aria-label="Conversations">
      <ul className="divide-y divide-slate-100 overflow-hidden rounded border border-slate-200 bg-white">
        {conversations.data.map((c) => {
          const active = c.id === activeId;
          const last = c.lastMessage;
          const text = last ? preview(last.body, last.attachmentCount) : "No messages yet";
          return (
            <li key={c.id}>
              <Link
                href={`/messages/${c.id}`}
                aria-current={active ? "page" : undefined}
                data-testid="conversation-item"
                className={`flex gap-3 px-4 py-3 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500 ${active ? "bg-brand-50" : ""}`}
              >
                <div className="min-w-0 flex-1">
                  <div className="flex items-baseline gap-2">
                    <span className={`truncate ${c.unread ? "font-semibold" : "font-medium"}`}>{c.other.name}</span>
                    <span className="ml-auto shrink-0 text-xs text-slate-600">{last ? messageStamp(last.createdAt, timeZone) : ""}</span>
                  </div>
                  <div className="truncate text-xs text-slate-600">{c.contractTitle}</div>
                  <div className={`truncate text-sm ${c.unread ? "text-slate-900" : "text-slate-600"}`}>
                    {last && last.senderId === userId ? "You: " : ""}
                    {text}
                  </div>
                </div>
                <OpeningHint />
                {c.unread > 0 && (
                  <span data-testid="conversation-unread" className="self-center rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">
                    <span className="sr-only">, </span>
                    {c.unread}
                    <span className="sr-only"> unread</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
