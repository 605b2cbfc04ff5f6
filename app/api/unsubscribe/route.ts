// POST /api/unsubscribe?t=<token> - turns one kind of notification email off (RFC 8058 one-click, and the page's button)
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { unsubscribe } from "@/lib/notifications/unsubscribe";

/**
 * Mail clients POST "List-Unsubscribe=One-Click" here and read only the status; the page's form
 * sends from=page and is sent back to the page, which says it is done.
 */
export const POST = withoutSession(async (req) => {
  const token = req.nextUrl.searchParams.get("t");
  const form = (req.headers.get("content-type") ?? "").includes("form") ? await req.formData().catch(() => null) : null;
  const target = await unsubscribe(token);
  if (form?.get("from") === "page") {
    // a relative Location: the browser stays on the origin it posted from (the page's CSP has form-action 'self')
    return new NextResponse(null, { status: 303, headers: { location: `/unsubscribe?t=${encodeURIComponent(token ?? "")}&done=1` } });
  }
  return NextResponse.json({ unsubscribed: true, kind: target.kind });
});
