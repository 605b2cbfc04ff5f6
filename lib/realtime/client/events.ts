// The portal's live events, in one place for publishers (server) and subscribers
// (browser). An event only says what changed and where; the browser then
// refetches or patches through React Query. Payloads never carry the source of
// truth (no message bodies, no amounts).
//
// channel                     event               payload
// private-user-<userId>       message-created     MessageCreatedEvent   a message in one of the user's conversations
// private-user-<userId>       conversation-read   ConversationReadEvent the user read a conversation (their other tabs)
// presence-contract-<id>      conversation-read   ConversationReadEvent a participant read the conversation ("Seen")
// presence-contract-<id>      client-typing       TypingEvent           sent browser to browser (client event)
// private-contract-<id>       segment-changed     SegmentChangedEvent   the Work Diary of the contract changed
// private-user-<userId>       dispute-filed       DisputeFiledEvent     a dispute on one of the user's contracts
// private-user-<userId>       dispute-updated     DisputeUpdatedEvent   a dispute was filed, answered, escalated, resolved or withdrawn (parties and admins)
// private-user-<userId>       contract-updated    ContractUpdatedEvent  an offer was accepted, declined or withdrawn; a contract paused, resumed or ended (both parties)
// private-user-<userId>       payment-available   PaymentAvailableEvent earnings became available
// private-user-<userId>       withdrawal-updated  WithdrawalUpdatedEvent a withdrawal was made, paid or failed
export const REALTIME_EVENTS = {
  messageCreated: "message-created",
  conversationRead: "conversation-read",
  typing: "client-typing",
  segmentChanged: "segment-changed",
  disputeFiled: "dispute-filed",
  disputeUpdated: "dispute-updated",
  contractUpdated: "contract-updated",
  paymentAvailable: "payment-available",
  withdrawalUpdated: "withdrawal-updated",
} as const;

export type RealtimeEventName = (typeof REALTIME_EVENTS)[keyof typeof REALTIME_EVENTS];

// Payloads are type aliases (not interfaces), so they fit publish()'s Record<string, unknown>.
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

export type DisputeFiledEvent = {
  contractId: string;
  disputeId: string;
};

export type DisputeUpdatedEvent = {
  disputeId: string;
  contractId: string;
};

export type ContractUpdatedEvent = {
  contractId: string;
};

export type PaymentAvailableEvent = {
  /** ISO instant the money became available */
  at: string;
};

export type WithdrawalUpdatedEvent = {
  /** the withdrawal, when one was made (the payout job's notices name none) */
  id?: string;
};

export interface RealtimeEventPayloads {
  "message-created": MessageCreatedEvent;
  "conversation-read": ConversationReadEvent;
  "client-typing": TypingEvent;
  "segment-changed": SegmentChangedEvent;
  "dispute-filed": DisputeFiledEvent;
  "dispute-updated": DisputeUpdatedEvent;
  "contract-updated": ContractUpdatedEvent;
  "payment-available": PaymentAvailableEvent;
  "withdrawal-updated": WithdrawalUpdatedEvent;
}
