// The tracker's test modes (short slots, a sped-up clock from --from) fake time: only a portal
// running with test modes on may receive what they produce.

/**
 * Throws unless the portal's /me said `portal.testModes: true`. A portal that said nothing
 * (older portal, offline start) counts as production.
 */
export function refuseTestModeUnlessAllowed(profile: { portal?: { testModes: boolean } } | null, what: string): void {
  if (profile?.portal?.testModes === true) return;
  const why = profile?.portal ? "this portal runs in production (test modes off)" : profile ? "this portal does not say it allows test modes" : "the portal could not be asked whether it allows test modes";
  throw new Error(`${what} is a test mode and is refused: ${why}. Tracked time must follow the real clock.`);
}
