// GET /api/screenshots/:segmentId/:variant - a segment's screenshot (full) or thumbnail (thumb), for people on its contract
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { readScreenshot } from "@/lib/screenshots/read-screenshot";
import { segmentIdParamSchema } from "@/lib/validation/tracker";

export const GET = withSession<{ segmentId: string; variant: string }>(async (_req, { user, params }) => {
  const id = segmentIdParamSchema.safeParse(params.segmentId);
  if (!id.success || (params.variant !== "full" && params.variant !== "thumb")) throw notFound("No such screenshot.");
  const file = await readScreenshot(user, id.data, params.variant);
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      // Choice: private (never in a shared cache) and short-lived, so a deleted segment's image
      // does not linger; the image under a URL never changes, so a day would be safe otherwise.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
});
