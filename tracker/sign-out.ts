// Signing this computer out (`hourglass-tracker logout`, the window's Sign out): the portal revokes the
// token (DELETE /api/tracker/v1/token), and the local tracker.json and device key are deleted. The offline queue stays.
import { PortalClient, PortalError, PortalUnreachable } from "./api-client";
import { isTrackerAlive, loadConfig, loadState, paths, removeConfig } from "./config";
import { SegmentQueue } from "./queue";
import { removeDeviceKey } from "./device-key";

/** Why signing out must wait, or null when it may go on. */
export function signOutRefusal(dir: string): string | null {
  const state = loadState(dir);
  if (!state || !isTrackerAlive(state.pid)) return null;
  // Choice: no sign-out under a running tracker: its slots would be recorded and then never delivered.
  if (state.running) return `Tracking "${state.contractTitle}" is running. Stop it first (hourglass-tracker stop, or Stop in the window), then sign out.`;
  if (state.delivering && state.pid !== process.pid) return "A stopped tracker is still delivering its queue. Wait for it, or run hourglass-tracker stop, then sign out.";
  return null;
}

export interface SignOutResult {
  /** whether the portal revoked the token (or had already) */
  revoked: boolean;
  /** what to tell the freelancer */
  message: string;
}

/** Revokes the token at the portal when it answers, then forgets it here; throws when signing out must wait. */
export async function signOut(dir: string): Promise<SignOutResult> {
  const config = loadConfig(dir);
  if (!config) return { revoked: false, message: "Not signed in." };
  const refusal = signOutRefusal(dir);
  if (refusal) throw new Error(refusal);
  let revoked = false;
  let why = "";
  try {
    await new PortalClient(config.portalUrl, config.token, 15_000).revokeToken();
    revoked = true;
  } catch (error) {
    // A 401 means the token was revoked already (Settings > Tracker): signed out all the same.
    if (error instanceof PortalError && error.status === 401) revoked = true;
    else why = error instanceof PortalUnreachable || error instanceof PortalError ? error.message : String(error);
  }
  // Choice: the local sign-out always happens, as in a desktop app; an unrevoked token is named, to revoke on the portal.
  removeConfig(dir);
  // R15.1 the device key goes with its token: a new sign-in makes a new one
  removeDeviceKey(dir);
  const queued = new SegmentQueue(paths(dir).queue, paths(dir).rejected).size();
  const parts = [
    revoked ? `Signed out of ${config.portalUrl}; the portal revoked this computer's token.` : `Signed out here, but the portal could not revoke the token (${why}). Revoke it in Settings > Tracker on ${config.portalUrl}.`,
    // Choice: queued segments are kept and delivered after the next sign-in, not thrown away with the token.
    ...(queued ? [queued === 1 ? "1 segment stays queued and is delivered after you sign in again." : `${queued} segments stay queued and are delivered after you sign in again.`] : []),
  ];
  return { revoked, message: parts.join(" ") };
}
