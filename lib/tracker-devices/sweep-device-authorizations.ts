import "server-only";
import { db } from "@/lib/db/client";

/** Choice: sign-ins that never became a token are kept a day past their expiry (to read in an incident), then swept. */
const KEEP_MS = 24 * 60 * 60_000;

/**
 * Deletes device sign-ins that ended without a token (expired, denied, or approved and never picked
 * up) a day after they expired; an issued one stays, as the record that its token came from a device.
 */
export async function sweepDeviceAuthorizations(now: Date): Promise<number> {
  const { count } = await db().deviceAuthorization.deleteMany({ where: { status: { not: "ISSUED" }, expiresAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  return count;
}
