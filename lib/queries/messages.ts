"use client";
// React Query hooks for messages, and the realtime wiring that keeps them live.
// Events carry ids only: the list and the badge refetch, an open thread fetches
// the one new message and patches it in.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { apiFetch, ApiClientError } from "./api-client";
import { queryKeys } from "./keys";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import { useChannelEvent, useRealtimeRefetch, useSocketId } from "@/lib/realtime/client/hooks";
import type { ConversationSummary, ConversationView, MessagePage, MessageView } from "@/lib/messages/types";

type Thread = InfiniteData<MessagePage, string | null>;

/** An idempotency key for one message (crypto.randomUUID needs a secure context; this does not). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const newestFirst = (a: MessageView, b: MessageView) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);

/** Puts a message into an open thread's cache (newest page), once. */
export function insertMessage(qc: QueryClient, conversationId: string, message: MessageView): void {
  qc.setQueryData<Thread>(queryKeys.messages.thread(conversationId), (thread) => {
    if (!thread?.pages.length) return thread;
    if (thread.pages.some((p) => p.messages.some((m) => m.id === message.id))) return thread;
    const [first, ...rest] = thread.pages;
    const messages = [message, ...(first?.messages ?? [])].sort(newestFirst);
    return { ...thread, pages: [{ messages, nextCursor: first?.nextCursor ?? null }, ...rest] };
  });
}

export function useConversations(initialData?: ConversationSummary[]) {
  return useQuery({
    queryKey: queryKeys.messages.conversations,
    queryFn: () => apiFetch<{ conversations: ConversationSummary[] }>("/api/conversations").then((r) => r.conversations),
    initialData,
  });
}

export function useUnreadCount(initialTotal?: number) {
  return useQuery({
    queryKey: queryKeys.messages.unread,
    queryFn: () => apiFetch<{ total: number }>("/api/conversations/unread").then((r) => r.total),
    initialData: initialTotal,
  });
}

export function useConversation(conversationId: string, initialData?: ConversationView) {
  return useQuery({
    queryKey: queryKeys.messages.conversation(conversationId),
    queryFn: () => apiFetch<{ conversation: ConversationView }>(`/api/conversations/${conversationId}`).then((r) => r.conversation),
    initialData,
  });
}

export function useThread(conversationId: string, initialPage?: MessagePage) {
  return useInfiniteQuery({
    queryKey: queryKeys.messages.thread(conversationId),
    queryFn: ({ pageParam }) =>
      apiFetch<MessagePage>(`/api/conversations/${conversationId}/messages${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initialPage ? { pages: [initialPage], pageParams: [null] } : undefined,
  });
}

async function readResponse<T>(res: Response): Promise<T> {
  const data = (await res.json().catch(() => null)) as ({ error?: { code: string; message: string; fields?: Record<string, string> } } & T) | null;
  if (!res.ok) {
    throw new ApiClientError(res.status, data?.error?.code ?? "internal", data?.error?.message ?? `Request failed (${res.status}).`, data?.error?.fields);
  }
  return data as T;
}

export interface SendInput {
  body: string;
  clientId: string;
  files: File[];
}

export function useSendMessage(conversationId: string) {
  const qc = useQueryClient();
  const socketId = useSocketId();
  return useMutation({
    mutationFn: async (input: SendInput): Promise<MessageView> => {
      const headers: Record<string, string> = {};
      const socket = socketId();
      if (socket) headers["x-socket-id"] = socket; // our own socket is left out of the announcement
      let body: BodyInit;
      if (input.files.length) {
        const form = new FormData();
        form.set("body", input.body);
        form.set("clientId", input.clientId);
        for (const file of input.files) form.append("attachments", file, file.name);
        body = form;
      } else {
        headers["content-type"] = "application/json";
        body = JSON.stringify({ body: input.body, clientId: input.clientId });
      }
      const res = await fetch(`/api/conversations/${conversationId}/messages`, { method: "POST", headers, body, credentials: "same-origin" });
      return (await readResponse<{ message: MessageView }>(res)).message;
    },
    onSuccess: (message) => {
      insertMessage(qc, conversationId, message);
      void qc.invalidateQueries({ queryKey: queryKeys.messages.conversations });
      void qc.invalidateQueries({ queryKey: queryKeys.messages.conversation(conversationId) });
    },
  });
}

export function useMarkRead(conversationId: string) {
  const qc = useQueryClient();
  const socketId = useSocketId();
  return useMutation({
    mutationFn: async (upToMessageId: string) => {
      const socket = socketId();
      const res = await fetch(`/api/conversations/${conversationId}/read`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(socket ? { "x-socket-id": socket } : {}) },
        body: JSON.stringify({ upToMessageId }),
        credentials: "same-origin",
      });
      return readResponse<{ lastReadAt: string | null }>(res);
    },
    onSuccess: ({ lastReadAt }) => {
      qc.setQueryData<ConversationView>(queryKeys.messages.conversation(conversationId), (c) => (c ? { ...c, myLastReadAt: lastReadAt } : c));
      void qc.invalidateQueries({ queryKey: queryKeys.messages.unread });
      void qc.invalidateQueries({ queryKey: queryKeys.messages.conversations });
    },
  });
}

/** The navigation badge and the conversation list follow the user's channel. */
export function useLiveUnread(userId: string | null) {
  useRealtimeRefetch(userId ? channels.user(userId) : null, [REALTIME_EVENTS.messageCreated, REALTIME_EVENTS.conversationRead], [queryKeys.messages.unread]);
}

export function useLiveConversations(userId: string | null) {
  useRealtimeRefetch(userId ? channels.user(userId) : null, [REALTIME_EVENTS.messageCreated, REALTIME_EVENTS.conversationRead], [queryKeys.messages.conversations]);
}

/**
 * An open thread: a new message is fetched (through the API, so access is
 * checked again) and patched in; the other side reading it refetches "Seen".
 */
export function useLiveThread(conversation: Pick<ConversationView, "id" | "contractId">, userId: string | null, onMessage?: (message: MessageView) => void) {
  const qc = useQueryClient();
  useChannelEvent(userId ? channels.user(userId) : null, REALTIME_EVENTS.messageCreated, (event) => {
    if (event.conversationId !== conversation.id) return;
    void apiFetch<{ message: MessageView }>(`/api/messages/${event.messageId}`).then(
      ({ message }) => {
        insertMessage(qc, conversation.id, message);
        onMessage?.(message);
      },
      () => void qc.invalidateQueries({ queryKey: queryKeys.messages.thread(conversation.id) }),
    );
  });
  useRealtimeRefetch(channels.conversation(conversation.contractId), [REALTIME_EVENTS.conversationRead], [queryKeys.messages.conversation(conversation.id)]);
}
