// Typed query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  trackerTokens: {
    all: ["tracker-tokens"] as const,
  },
  contracts: {
    all: ["contracts"] as const,
    detail: (id: string) => ["contracts", id] as const,
  },
} as const;
