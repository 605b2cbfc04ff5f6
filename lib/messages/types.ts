// What the messages API returns: plain JSON shapes shared by route handlers,
// server components and the browser's React Query hooks.
import type { ContractStatus, Role } from "@/lib/generated/prisma/enums";

export interface AttachmentView {
  id: string;
  fileName: string;
  mime: string;
  bytes: number;
  isImage: boolean;
  /** served by a route handler to participants only */
  url: string;
  /** a small WebP for images, null for other files */
  thumbUrl: string | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  senderId: string;
  senderName: string;
  body: string;
  clientId: string | null;
  createdAt: string;
  /** R17.1 set when this message is a call's entry (rendered as an entry, not a bubble); its body is the summary */
  call: CallEntryView | null;
  attachments: AttachmentView[];
}

export interface CallEntryView {
  id: string;
  /** null only for a call still live (entries are written when it ends) */
  outcome: "completed" | "missed" | "declined" | "busy" | "cancelled" | "failed" | null;
  callerId: string;
  /** when it rang */
  startedAt: string;
  /** answered to ended; null when never answered */
  durationSeconds: number | null;
}

export interface MessagePage {
  /** newest first */
  messages: MessageView[];
  /** pass back as ?cursor= for older messages; null at the start of the history */
  nextCursor: string | null;
}

export interface Participant {
  id: string;
  name: string;
  role: Role;
}

export interface ConversationSummary {
  id: string;
  contractId: string;
  contractTitle: string;
  contractStatus: ContractStatus;
  /** the other participant; for an admin (observer) the freelancer */
  other: Participant;
  lastMessage: { id: string; senderId: string; body: string; attachmentCount: number; createdAt: string } | null;
  unread: number;
  /** last message or, without one, the conversation's creation */
  lastActivityAt: string;
}

export interface ConversationView {
  id: string;
  contractId: string;
  contractTitle: string;
  contractStatus: ContractStatus;
  client: Participant;
  freelancer: Participant;
  /** null for admins, who observe and never post */
  me: Participant | null;
  other: Participant;
  myLastReadAt: string | null;
  otherLastReadAt: string | null;
}
