"use client";
// The thread: history with the newest at the bottom, older pages loaded at the
// top (button or scrolling up) without the view jumping, day labels, a "new
// messages" line, "Seen" under my last message the other side has read, and my
// messages still on their way.
import { Fragment, useEffect, useLayoutEffect, useRef } from "react";
import type { MessageView } from "@/lib/messages/types";
import { messageDay } from "@/lib/messages/format";
import { CallEntry } from "@/components/calls/call-entry";
import { MessageBubble } from "./message-bubble";

export interface PendingMessage {
  clientId: string;
  body: string;
  files: File[];
  status: "sending" | "failed";
  error?: string;
}

interface Props {
  messages: MessageView[];
  pending: PendingMessage[];
  userId: string;
  otherName: string;
  timeZone: string;
  otherLastReadAt: string | null;
  /** my read marker when the conversation was opened: the "new messages" line goes after it (null: never opened, all new) */
  unreadFrom: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderFailed: boolean;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

export function MessageList(props: Props) {
  const { messages, pending, userId, timeZone, hasOlder, loadingOlder, onLoadOlder } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const fromBottom = useRef<number | null>(null);
  const oldestId = messages[0]?.id;
  const newest = messages[messages.length - 1];
  const tailKey = `${newest?.id}|${pending.length}`;

  function loadOlder() {
    const el = scroller.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
    onLoadOlder();
  }

  // Older messages went in above: keep what the reader was looking at in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && fromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    }
  }, [oldestId]);

  // New at the bottom: follow it if the reader was at the bottom or it is mine.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (nearBottom.current || newest?.senderId === userId || pending.length > 0) el.scrollTop = el.scrollHeight;
  }, [tailKey, newest?.senderId, userId, pending.length]);

  // Scrolling up to the top loads the page before.
  useEffect(() => {
    const el = top.current;
    if (!el || !hasOlder) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingOlder && !nearBottom.current) loadOlder();
    }, { root: scroller.current });
    observer.observe(el);
    return () => observer.disconnect();
  });

  const lastSeenMine = props.otherLastReadAt
    ? [...messages].reverse().find((m) => m.senderId === userId && !m.call && m.createdAt <= (props.otherLastReadAt as string))?.id
    : undefined;
  const firstUnread = messages.find((m) => m.senderId !== userId && (!props.unreadFrom || m.createdAt > props.unreadFrom))?.id;
  const showPending = pending.filter((p) => !messages.some((m) => m.clientId === p.clientId));

  return (
    <div
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
      className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-4"
    >
      <div ref={top} />
      {hasOlder && (
        <div className="mb-4 text-center">
          <button type="button" onClick={loadOlder} disabled={loadingOlder} className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60">
            {loadingOlder ? "Loading earlier messages…" : "Load earlier messages"}
          </button>
          {props.olderFailed && <p role="alert" className="mt-1 text-sm text-red-700">Could not load earlier messages. Try again.</p>}
        </div>
      )}
      {!hasOlder && messages.length > 0 && <p className="mb-4 text-center text-xs text-slate-500">This is the start of the conversation.</p>}
      {messages.length === 0 && showPending.length === 0 && (
        <p className="mt-8 text-center text-slate-500">No messages yet. Say hello to {props.otherName}!</p>
      )}
      {/* The log wraps the list: role="log" on the <ol> itself would take its list role away and leave every <li> outside a list. */}
      <div role="log" aria-live="polite" aria-label={`Messages with ${props.otherName}`}>
        <ol className="space-y-3">
          {messages.map((m, i) => {
            const day = messageDay(m.createdAt, timeZone);
            const newDay = i === 0 || messageDay(messages[i - 1]!.createdAt, timeZone) !== day;
            return (
              <Fragment key={m.id}>
                {newDay && (
                  <li className="py-1 text-center text-xs font-medium text-slate-500" data-testid="day-label">
                    {day}
                  </li>
                )}
                {m.id === firstUnread && (
                  <li className="flex items-center gap-2 text-xs font-semibold text-brand-700" data-testid="new-messages-line">
                    <span className="h-px flex-1 bg-brand-500" /> New messages <span className="h-px flex-1 bg-brand-500" />
                  </li>
                )}
                {m.call ? (
                  <CallEntry call={m.call} callerName={m.senderName} userId={userId} timeZone={timeZone} />
                ) : (
                  <MessageBubble message={m} mine={m.senderId === userId} timeZone={timeZone} seen={m.id === lastSeenMine} />
                )}
              </Fragment>
            );
          })}
          {showPending.map((p) => (
            <li key={p.clientId} className="flex flex-col items-end" data-testid="pending-message">
              <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600/70 px-3 py-2 text-white sm:max-w-[70%]">
                {p.body && <p className="whitespace-pre-wrap break-words">{p.body}</p>}
                {p.files.map((f, i) => (
                  <p key={`${f.name}-${i}`} className="text-sm">Attachment: {f.name}</p>
                ))}
              </div>
              {p.status === "sending" ? (
                <p className="mt-0.5 px-1 text-xs text-slate-500">Sending…</p>
              ) : (
                <p role="alert" className="mt-0.5 px-1 text-xs text-red-700">
                  Not sent{p.error ? `: ${p.error}` : ""}.{" "}
                  <button type="button" className="font-medium underline" onClick={() => props.onRetry(p.clientId)}>Retry</button>{" "}
                  <button type="button" className="underline" onClick={() => props.onDiscard(p.clientId)}>Discard</button>
                </p>
              )}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
