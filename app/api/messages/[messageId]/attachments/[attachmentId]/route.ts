// GET /api/messages/:messageId/attachments/:attachmentId[?variant=thumb] - an attachment's bytes, to participants (and admins) only
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { getAttachment } from "@/lib/messages/get-attachment";

export const runtime = "nodejs";

const params = z.object({ messageId: routeId("No such attachment."), attachmentId: routeId("No such attachment.") });

export const GET = withSession(async (req, { user, params }) => {
  const variant = req.nextUrl.searchParams.get("variant") === "thumb" ? "thumb" : "full";
  const file = await getAttachment(user, params.messageId, params.attachmentId, variant);
  // Images display inline; PDFs and text always download, so nothing uploaded runs in our origin.
  const disposition = file.isImage ? "inline" : "attachment";
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.mime,
      "content-length": String(file.bytes.length),
      "content-disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      // Stored bytes never change for an id; only this browser may keep them.
      "cache-control": "private, max-age=31536000, immutable",
      vary: "cookie",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}, { params });
