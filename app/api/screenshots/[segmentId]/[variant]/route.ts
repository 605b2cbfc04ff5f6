// GET /api/screenshots/:segmentId/:variant - a segment's screenshot (full) or thumbnail (thumb), for people on its contract
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { readScreenshot } from "@/lib/screenshots/read-screenshot";

const params = z.object({ segmentId: routeId("No such screenshot."), variant: z.enum(["full", "thumb"], { error: "No such screenshot." }) });

export const GET = withSession(async (req, { user, params }) => {
  const file = await readScreenshot(user, params.segmentId, params.variant, req.headers.get("if-none-match"));
  const headers = {
    // Choice: private (never in a shared cache), a year and immutable: the bytes under a segment id
    // never change, so the viewer's previous/next images come from the browser's cache. A deleted
    // segment answers 404 to every new request; a copy already in the browser of someone who could
    // see it stays there, as a saved file would.
    "Cache-Control": "private, max-age=31536000, immutable",
    ETag: file.etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (!file.bytes) return new Response(null, { status: 304, headers });
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    headers: { ...headers, "Content-Type": file.contentType, "Content-Length": String(file.bytes.length), "Content-Disposition": "inline" },
  });
}, { params });
