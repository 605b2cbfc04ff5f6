import "server-only";
// PUT /api/tracker/v1/key: R15.1 a tracker's Ed25519 public key for a token made without device sign-in
// (a token pasted from Settings > Tracker). Device sign-in registers the key by itself.
import { sql } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { fromBase64url } from "@/verifier/src/encoding";
import { keyIdOf } from "@/verifier/src/signatures";
import type { TrackerPrincipal } from "./authenticate-tracker-token";

// Set only while none is: two registrations at once leave exactly one key.
const REGISTER = `
  WITH set AS (
    UPDATE tracker_tokens SET public_key = $2, key_id = $3
    WHERE id = $1::uuid AND revoked_at IS NULL AND public_key IS NULL
    RETURNING public_key
  )
  SELECT public_key FROM set
  UNION ALL
  SELECT public_key FROM tracker_tokens WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM set)`;

/**
 * The key's id. Registering the same key again answers the same; another key once one is set is 409.
 * Choice: a device's key never changes (as a Sigstore/CT log never rebinds an identity): signatures
 * already stored stay checkable against the one key of their device. A new key means a new device:
 * sign the tracker in again (a new token), and revoke the old one.
 */
export async function registerDeviceKey(principal: TrackerPrincipal, publicKey: string): Promise<{ keyId: string }> {
  const keyId = await keyIdOf(fromBase64url(publicKey));
  const { rows } = await sql().query<{ public_key: string | null }>(REGISTER, [principal.tokenId, publicKey, keyId]);
  const current = rows[0]?.public_key;
  if (current === publicKey) return { keyId };
  throw new ApiError("conflict", "This device already has another key; a device's key never changes. Sign the tracker in again to use a new key.", {
    fields: { publicKey: "Another key is registered for this device." },
  });
}
