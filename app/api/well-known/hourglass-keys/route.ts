// GET /.well-known/hourglass-keys.json (rewritten here by next.config.js) - the portal's public signing keys, R15.3
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { publishedKeys } from "@/lib/proof/portal-keys";

// Choice: Next's App Router does not route a dot-folder (app/.well-known), so the well-known URL is a
// rewrite to this handler; proxy.ts lets it through without a session.
// Choice: public and cacheable for 5 minutes: the list only grows (a retired key stays with its window),
// and a bundle carries its own copy of the keys, so a stale list delays only an online check of a seal
// made in the last minutes. No key yet is an empty list (a GET makes none; the first seal does).
export const GET = withoutSession(async () =>
  NextResponse.json(
    { keys: await publishedKeys() },
    { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } },
  ),
);
