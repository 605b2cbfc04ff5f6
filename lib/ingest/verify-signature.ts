import "server-only";
// R15.1 an uploaded segment must carry its device's signature over exactly what the portal stores.
import { ApiError } from "@/lib/errors";
import { signedSegmentOfUpload, type SegmentFields } from "@/lib/validation/tracker";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import { segmentMessage, verifyEd25519, type SignedSegment } from "@/verifier/src/signatures";
import { proofOffForBench } from "./bench-switch";

/**
 * The SignedSegment the portal stores for an upload, rebuilt from its fields.
 * Choice: the portal signs over what it keeps, not over the text the tracker sent: slot and takenAt
 * as ISO with milliseconds in UTC, the memo trimmed (as stored), the contract id in lower case (as
 * GET /me lists it), device = the token's id, screenshotSha256 = the SHA-256 of the bytes received
 * (which are the bytes stored). A tracker signs the same normalised values.
 */
export function signedSegmentOf(principal: TrackerPrincipal, f: SegmentFields, screenshotSha256: string): SignedSegment {
  // the tracker builds it with the same function (lib/validation/tracker.ts)
  return signedSegmentOfUpload(f, principal.tokenId, screenshotSha256);
}

/**
 * The refusals, in order: no signature, no registered key, a signature that does not verify (each 422 with its code).
 * null only in the ingest bench's floor run (./bench-switch.ts), which measures ingest without proof of work.
 */
export async function verifySegmentSignature(principal: TrackerPrincipal, f: SegmentFields, screenshotSha256: string): Promise<{ signature: string; keyId: string } | null> {
  if (proofOffForBench()) return null;
  if (!f.signature) {
    throw new ApiError("signature_required", "Segments must be signed by the device's key (R15.1): send its signature in the segment's \"signature\" field.", {
      fields: { signature: "Missing." },
    });
  }
  if (!principal.publicKey || !principal.keyId) {
    throw new ApiError("device_key_missing", "This device has no registered key: register its public key with PUT /api/tracker/v1/key, or sign the tracker in again.", {
      fields: { signature: "No key is registered for this device." },
    });
  }
  if (!(await verifyEd25519(principal.publicKey, segmentMessage(signedSegmentOf(principal, f, screenshotSha256)), f.signature))) {
    throw new ApiError("signature_invalid", "The segment's signature does not verify with this device's key: it was changed, or signed by another key.", {
      fields: { signature: "Does not verify." },
    });
  }
  return { signature: f.signature, keyId: principal.keyId };
}
