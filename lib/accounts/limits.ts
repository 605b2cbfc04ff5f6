// R16.1 how long the links of joining work, and how often one may ask for them.
export const ACCOUNT_LINKS = {
  // Choice: a day to confirm a sign-up (the mail may wait in a queue or a spam folder), a week for an
  // invitation (a freelancer may read it days later, as Upwork's invitations wait), a day for the setup link (issue 16).
  confirmEmailTtlMs: 24 * 3_600_000,
  invitationTtlMs: 7 * 24 * 3_600_000,
  adminSetupTtlMs: 24 * 3_600_000,
} as const;

export const SIGN_UP_LIMITS = {
  /** per email address: sign-ups and resends together, new and existing addresses alike (answers must not differ) */
  perEmail: { limit: 3, windowMs: 3_600_000 },
  /** per client address, so one machine cannot mail the world */
  perIp: { limit: 20, windowMs: 3_600_000 },
} as const;
