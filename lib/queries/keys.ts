// Typed query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  trackerTokens: {
    all: ["tracker-tokens"] as const,
  },
  /** Settings > Get Paid: what a withdrawal or a payout's outcome changes is all under this prefix */
  getPaid: {
    all: ["get-paid"] as const,
    balances: ["get-paid", "balances"] as const,
    methods: ["get-paid", "methods"] as const,
    schedule: ["get-paid", "schedule"] as const,
    withdrawals: ["get-paid", "withdrawals"] as const,
    withdrawal: (id: string) => ["get-paid", "withdrawals", id] as const,
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
  reports: {
    all: ["reports"] as const,
    /** infinite query: keyset pages of Transaction History for one filter (its search string) */
    transactions: (filter: string) => ["reports", "transactions", filter] as const,
  },
  contracts: {
    all: ["contracts"] as const,
    detail: (id: string) => ["contracts", id] as const,
  },
  disputes: {
    all: ["disputes"] as const,
    list: (filter: string, contractId: string | null) => ["disputes", "list", filter, contractId] as const,
    detail: (id: string) => ["disputes", "detail", id] as const,
  },
  /** R16.4 the notification centre: the list, the bell's count and the switches */
  notifications: {
    all: ["notifications"] as const,
    list: ["notifications", "list"] as const,
    unread: ["notifications", "unread"] as const,
    preferences: ["notifications", "preferences"] as const,
  },
  /** Settings › Billing: the client's billing methods (R14.1) */
  billingMethods: ["billing-methods"] as const,
  /** Settings › Billing: the client's charges (R14.3) */
  charges: {
    all: ["charges"] as const,
    list: ["charges", "list"] as const,
  },
  bonuses: {
    all: ["bonuses"] as const,
    contract: (contractId: string) => ["bonuses", contractId] as const,
  },
} as const;
