// Typed query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  trackerTokens: {
    all: ["tracker-tokens"] as const,
  },
} as const;
