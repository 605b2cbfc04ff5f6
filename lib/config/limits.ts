// Operational limits that are not business rules (those live in ./rules.ts).
export const LIMITS = {
  /** Tracker API requests per token per minute before 429 */
  trackerRequestsPerMinute: 240,
  /** A tracker token's last-used time is written at most this often */
  tokenLastUsedResolutionMs: 60_000,
  /** A signed sign-in grant is valid this long */
  signInGrantTtlMs: 30_000,
  /** Tracker screenshot upload: at most this many bytes (10 MB) */
  screenshotMaxBytes: 10 * 1024 * 1024,
  /** Tracker screenshot upload: at most this many pixels (40 megapixels) */
  screenshotMaxPixels: 40_000_000,
  /** A segment upload's multipart envelope and JSON fields may add this much to the screenshot */
  segmentUploadOverheadBytes: 64 * 1024,
  /** A segment memo is at most this many characters */
  segmentMemoMaxLength: 500,
  /** Choice: sanity cap on one per-minute keyboard or mouse count (a minute of held-down auto-repeat stays far below) */
  activityCountMax: 100_000,
  /** Choice: wrong passwords when confirming a withdrawal, per account, before 429 (a sliding window of this length) */
  withdrawalPasswordFailures: 5,
  withdrawalPasswordWindowMs: 15 * 60_000,
  /** Blobs younger than this are never swept as orphans: their segment may still be committing */
  orphanBlobGraceMs: 60 * 60_000,
} as const;
