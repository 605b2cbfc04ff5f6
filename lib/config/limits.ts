// Operational limits that are not business rules (those live in ./rules.ts).
export const LIMITS = {
  /** Tracker API requests per token per minute before 429 */
  trackerRequestsPerMinute: 240,
  /** A tracker token's last-used time is written at most this often */
  tokenLastUsedResolutionMs: 60_000,
  /** A signed sign-in grant is valid this long */
  signInGrantTtlMs: 30_000,
} as const;
