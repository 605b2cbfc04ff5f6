// How long a device sign-in lives and how often it may be polled (RFC 8628), and the limits on
// starting sign-ins and on guessing codes.
export const DEVICE_SIGN_IN = {
  /** RFC 8628 expires_in: the code is good for 10 minutes, as gh's and most device flows */
  expiresInSeconds: 600,
  /** RFC 8628 interval: the tracker polls no more often than this */
  intervalSeconds: 5,
  /** RFC 8628 3.5: each slow_down adds 5 seconds to the interval */
  slowDownStepSeconds: 5,
  /** Choice: the interval stops growing at one minute, so a clumsy client still signs in within its 10 minutes */
  maxIntervalSeconds: 60,
  /** Choice: a poll up to 1 s early is on time (network jitter); earlier is slow_down */
  pollToleranceMs: 1_000,
  /** Choice: 20 sign-ins started per client address in 10 minutes (a household or office behind one address signs in a few computers) */
  startsPerAddress: { limit: 20, windowMs: 10 * 60_000 },
  /** Choice: 10 wrong codes per freelancer in 15 minutes, then 429 (a guesser gets 10 of 2.6e10 codes) */
  wrongCodesPerUser: { limit: 10, windowMs: 15 * 60_000 },
  /** Choice: the name when the tracker sends none */
  defaultDeviceName: "Desktop tracker",
} as const;
