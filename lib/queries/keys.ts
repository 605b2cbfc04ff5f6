// Typed query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  trackerTokens: {
    all: ["tracker-tokens"] as const,
  },
  messages: {
    all: ["messages"] as const,
    conversations: ["messages", "conversations"] as const,
    unread: ["messages", "unread"] as const,
    conversation: (conversationId: string) => ["messages", "conversation", conversationId] as const,
    /** infinite query: pages of history, newest first */
    thread: (conversationId: string) => ["messages", "thread", conversationId] as const,
  },
  diary: {
    all: ["diary"] as const,
    /** every cached day of one contract (what a realtime event invalidates) */
    contract: (contractId: string) => ["diary", contractId] as const,
    day: (contractId: string, day: string, tz: string) => ["diary", contractId, day, tz] as const,
  },
  contracts: {
    all: ["contracts"] as const,
    detail: (id: string) => ["contracts", id] as const,
  },
} as const;
