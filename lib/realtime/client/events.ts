// The portal's live events, for publishers (server) and subscribers (browser). An event only says
// what changed and where; the browser refetches through React Query (no message bodies, no amounts).
// Servers publish only through notify(event) (lib/realtime/notify.ts), after the commit.

/** Channel names, in one place. Private: diary and money events; presence: the conversation. */
export const channels = {
  contract: (contractId: string) => `private-contract-${contractId}`,
  conversation: (contractId: string) => `presence-contract-${contractId}`,
  user: (userId: string) => `private-user-${userId}`,
  /** R17.1 a contract's call signalling (offer, answer, candidates), for its two parties only */
  call: (contractId: string) => `private-call-${contractId}`,
} as const;

export type ChannelTarget =
  | { kind: "user"; userId: string }
  | { kind: "contract"; contractId: string; presence: boolean }
  | { kind: "call"; contractId: string };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const USER = new RegExp(`^private-user-(${UUID})$`);
const CONTRACT = new RegExp(`^(private|presence)-contract-(${UUID})$`);
const CALL = new RegExp(`^private-call-(${UUID})$`);

/** What a channel name from `channels` refers to; null for any other name. */
export function parseChannel(name: string): ChannelTarget | null {
  const user = USER.exec(name);
  if (user?.[1]) return { kind: "user", userId: user[1] };
  const contract = CONTRACT.exec(name);
  if (contract?.[1] && contract[2]) return { kind: "contract", contractId: contract[2], presence: contract[1] === "presence" };
  const call = CALL.exec(name);
  if (call?.[1]) return { kind: "call", contractId: call[1] };
  return null;
}

export const REALTIME_EVENTS = {
  messageCreated: "message-created",
  conversationRead: "conversation-read",
  typing: "client-typing",
  segmentChanged: "segment-changed",
  disputeUpdated: "dispute-updated",
  contractUpdated: "contract-updated",
  paymentAvailable: "payment-available",
  withdrawalUpdated: "withdrawal-updated",
  notificationCreated: "notification-created",
  callUpdated: "call-updated",
  callSignal: "call-signal",
} as const;

// Payloads are type aliases (not interfaces), so they fit the SDK's Record<string, unknown>.
export type MessageCreatedEvent = {
  conversationId: string;
  contractId: string;
  messageId: string;
  senderId: string;
};

export type ConversationReadEvent = {
  conversationId: string;
  userId: string;
  lastReadAt: string;
};

export type TypingEvent = {
  typing: boolean;
};

export type SegmentChangedEvent = {
  /** the channel names the contract too; publishers may repeat it here */
  contractId?: string;
  /** ISO slot start of the changed segment, when a single one changed */
  slotStart?: string;
  segmentId?: string;
  change?: "created" | "deleted" | "updated";
};

export type DisputeUpdatedEvent = {
  disputeId: string;
  contractId: string;
};

export type ContractUpdatedEvent = {
  contractId: string;
};

/** No payload: the user's balances changed; pages refetch them. */
export type PaymentAvailableEvent = Record<string, never>;

export type WithdrawalUpdatedEvent = {
  /** the withdrawal, when one was made (the payout job's notices name none) */
  id?: string;
};

/** No payload: the user has a new notification (R16.4); the bell refetches its count. */
export type NotificationCreatedEvent = Record<string, never>;

/** R17.1 a call rang, was answered or ended; sent to both parties' user channels. */
export type CallUpdatedEvent = {
  callId: string;
  contractId: string;
  conversationId: string;
  status: "ringing" | "active" | "ended";
  outcome: "completed" | "missed" | "declined" | "busy" | "cancelled" | "failed" | null;
  callerTab: string;
  calleeTab: string | null;
};

export type CallSignalKind = "offer" | "answer" | "candidate" | "restart";

/** R17.1 WebRTC signalling relayed between the call's two tabs; only the tab named `to` acts on it. */
export type CallSignalEvent = {
  callId: string;
  from: string;
  to: string;
  kind: CallSignalKind;
  sdp?: string;
  candidate?: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null;
};

export interface RealtimeEventPayloads {
  "message-created": MessageCreatedEvent;
  "conversation-read": ConversationReadEvent;
  "client-typing": TypingEvent;
  "segment-changed": SegmentChangedEvent;
  "dispute-updated": DisputeUpdatedEvent;
  "contract-updated": ContractUpdatedEvent;
  "payment-available": PaymentAvailableEvent;
  "withdrawal-updated": WithdrawalUpdatedEvent;
  "notification-created": NotificationCreatedEvent;
  "call-updated": CallUpdatedEvent;
  "call-signal": CallSignalEvent;
}

/**
 * Every event a server publishes (client-typing goes browser to browser), each
 * with what names its channels. Events for one user carry `userId`.
 */
export type RealtimeEvent =
  | { event: "message-created"; userIds: readonly string[]; data: MessageCreatedEvent; excludeSocketId?: string }
  | { event: "conversation-read"; contractId: string; data: ConversationReadEvent; excludeSocketId?: string }
  | { event: "segment-changed"; data: SegmentChangedEvent & { contractId: string } }
  | { event: "dispute-updated"; userId: string; data: DisputeUpdatedEvent }
  | { event: "contract-updated"; userId: string; data: ContractUpdatedEvent }
  | { event: "withdrawal-updated"; userId: string; data?: WithdrawalUpdatedEvent }
  | { event: "payment-available"; userId: string; data?: PaymentAvailableEvent }
  | { event: "notification-created"; userId: string; data?: NotificationCreatedEvent }
  | { event: "call-updated"; userIds: readonly string[]; data: CallUpdatedEvent }
  | { event: "call-signal"; contractId: string; data: CallSignalEvent };

/** The channels an event goes to. */
export function channelsOf(e: RealtimeEvent): string[] {
  switch (e.event) {
    case "message-created":
      return e.userIds.map(channels.user);
    case "conversation-read":
      // the other side's "Seen", and the reader's own other tabs (badge)
      return [channels.conversation(e.contractId), channels.user(e.data.userId)];
    case "segment-changed":
      return [channels.contract(e.data.contractId)];
    case "call-updated":
      return e.userIds.map(channels.user);
    case "call-signal":
      return [channels.call(e.contractId)];
    default:
      return [channels.user(e.userId)];
  }
}
