"use client";
// One conversation: who it is with and whether they are online, the thread,
// their typing, and the composer. Sends show at once and are retried with the
// same clientId (idempotent on the server); read state follows what is on screen.
import Link from "next/link";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import { useChannelEvent, useConnectionState, usePresence } from "@/lib/realtime/client/hooks";
import { CallButton } from "@/components/calls/call-button";
import { ApiClientError } from "@/lib/queries/api-client";
import { newClientId, useConversation, useLiveThread, useMarkRead, useSendMessage, useThread } from "@/lib/queries/messages";
import type { ConversationView as Conversation, MessagePage } from "@/lib/messages/types";
import { Composer, type ComposerSend } from "./composer";
import { MessageList, type PendingMessage } from "./message-list";
import { PresenceStatus } from "./presence-status";
import { TypingIndicator } from "./typing-indicator";

/** Choice: "is typing" is sent at most every 2 s while typing and shown for 5 s after the last one. */
const TYPING_SEND_EVERY_MS = 2000;
const TYPING_SHOW_MS = 5000;

export function ConversationView({ initial, initialPage, userId, timeZone }: { initial: Conversation; initialPage: MessagePage; userId: string; timeZone: string }) {
  const conversation = useConversation(initial.id, initial).data ?? initial;
  const thread = useThread(initial.id, initialPage);
  const send = useSendMessage(initial.id);
  const markRead = useMarkRead(initial.id);
  const presenceChannel = channels.conversation(initial.contractId);
  const presence = usePresence(presenceChannel);
  const connection = useConnectionState();
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [typingUntil, setTypingUntil] = useState(0);
  const [unreadFrom] = useState(initial.myLastReadAt);
  const lastTypingSent = useRef(0);
  const lastMarked = useRef<string | null>(null);
  const other = conversation.other;
  const otherOnline = presence.memberIds.includes(other.id);

  useLiveThread(conversation, userId, (message) => {
    if (message.senderId === other.id) setTypingUntil(0);
  });
  useChannelEvent(presenceChannel, REALTIME_EVENTS.typing, (data, metadata) => {
    if (metadata?.user_id !== other.id) return;
    setTypingUntil(data.typing ? Date.now() + TYPING_SHOW_MS : 0);
  });
  useEffect(() => {
    if (!typingUntil) return;
    const timer = setTimeout(() => setTypingUntil(0), Math.max(0, typingUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [typingUntil]);

  const pages = thread.data?.pages ?? [];
  const messages = pages.flatMap((p) => p.messages).reverse();
  const newest = pages[0]?.messages[0];

  // Read state: the newest message, once it is on a visible screen.
  const myLastReadAt = conversation.myLastReadAt;
  const canRead = Boolean(conversation.me);
  const { mutate: mark } = markRead;
  useEffect(() => {
    if (!canRead || !newest) return;
    // Sending marks read on the server; only what others wrote (or a never-opened conversation) needs it here.
    if (myLastReadAt && (newest.senderId === userId || newest.createdAt <= myLastReadAt)) return;
    const markIfVisible = () => {
      if (document.visibilityState !== "visible" || lastMarked.current === newest.id) return;
      lastMarked.current = newest.id;
      mark(newest.id, { onError: () => (lastMarked.current = null) });
    };
    markIfVisible();
    document.addEventListener("visibilitychange", markIfVisible);
    return () => document.removeEventListener("visibilitychange", markIfVisible);
  }, [canRead, newest, myLastReadAt, userId, mark]);

  function typing(text: string) {
    if (!text) {
      if (lastTypingSent.current) presence.trigger(REALTIME_EVENTS.typing, { typing: false });
      lastTypingSent.current = 0;
      return;
    }
    const now = Date.now();
    if (now - lastTypingSent.current < TYPING_SEND_EVERY_MS) return;
    if (presence.trigger(REALTIME_EVENTS.typing, { typing: true })) lastTypingSent.current = now;
  }

  function deliver(item: PendingMessage) {
    setPending((list) => [...list.filter((p) => p.clientId !== item.clientId), { ...item, status: "sending", error: undefined }]);
    // mutateAsync, not mutate: per-call callbacks of mutate fire for the latest call only.
    send.mutateAsync({ body: item.body, clientId: item.clientId, files: item.files }).then(
      () => setPending((list) => list.filter((p) => p.clientId !== item.clientId)),
      (error: unknown) => {
        const message = error instanceof ApiClientError && error.status > 0 ? error.message : "check your connection";
        setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, status: "failed", error: message } : p)));
      },
    );
  }

  function onSend({ body, files }: ComposerSend) {
    deliver({ clientId: newClientId(), body, files, status: "sending" });
  }

  // Fill the screen below the header, whatever its height (it wraps on a phone),
  // so the composer is always in view and the thread scrolls inside.
  const section = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const el = section.current;
    if (!el) return;
    const fit = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      el.style.height = `max(24rem, calc(100dvh - ${Math.round(top) + 16}px))`;
    };
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, []);

  const offline = connection === "unavailable" || connection === "failed" || connection === "disconnected";

  return (
    <section ref={section} aria-labelledby="conversation-title" className="flex h-[calc(100dvh-9.5rem)] min-h-96 flex-col overflow-hidden rounded border border-slate-200 bg-white">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-2 sm:px-4">
        <Link href="/messages" className="rounded px-1 text-sm text-brand-700 hover:underline lg:hidden">
          <span aria-hidden="true">←</span> All conversations
        </Link>
        <div className="min-w-0 flex-1">
          <h2 id="conversation-title" className="truncate font-semibold">
            {other.name}
          </h2>
          <p className="flex min-w-0 items-center gap-2 text-sm text-slate-600">
            <span className="truncate">{conversation.contractTitle}</span>
            {conversation.contractStatus !== "ACTIVE" && <span className="shrink-0 rounded bg-slate-100 px-1.5 text-xs uppercase">{conversation.contractStatus.toLowerCase()}</span>}
          </p>
        </div>
        <PresenceStatus online={otherOnline} name={other.name} />
        {conversation.me && <CallButton conversationId={conversation.id} contractId={conversation.contractId} peerName={other.name} online={otherOnline} />}
      </header>
      {offline && (
        <p role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-1 text-sm text-amber-900">
          Live updates are paused. Reconnecting… Messages you send are still delivered.
        </p>
      )}
      {presence.status === "refused" && (
        <p role="alert" className="border-b border-red-200 bg-red-50 px-4 py-1 text-sm text-red-800">
          Live updates for this conversation were refused. Reload the page to try again.
        </p>
      )}
      {thread.isError && !thread.data ? (
        <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-2 text-slate-600">
          <p>Could not load the messages.</p>
          <button type="button" onClick={() => thread.refetch()} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50">
            Retry
          </button>
        </div>
      ) : (
        <MessageList
          messages={messages}
          pending={pending}
          userId={userId}
          otherName={other.name}
          timeZone={timeZone}
          otherLastReadAt={conversation.otherLastReadAt}
          unreadFrom={unreadFrom}
          hasOlder={thread.hasNextPage}
          loadingOlder={thread.isFetchingNextPage}
          olderFailed={thread.isFetchNextPageError}
          onLoadOlder={() => void thread.fetchNextPage()}
          onRetry={(clientId) => {
            const item = pending.find((p) => p.clientId === clientId);
            if (item) deliver(item);
          }}
          onDiscard={(clientId) => setPending((list) => list.filter((p) => p.clientId !== clientId))}
        />
      )}
      <TypingIndicator name={other.name} typing={typingUntil > 0 && otherOnline} />
      {conversation.me ? (
        <Composer onSend={onSend} onTyping={typing} />
      ) : (
        <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600">You are viewing this conversation as an admin.</p>
      )}
    </section>
  );
}
