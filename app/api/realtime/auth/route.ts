// POST /api/realtime/auth - sign a private or presence channel subscription (403 unless allowed)
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/app/api/_lib/handler";
import { authorizeChannel } from "@/lib/contracts/authorize-channel";
import { channelAuthSchema } from "@/lib/validation/messages";

export const runtime = "nodejs";

export const POST = withSession(async (req, { user }) => {
  // pusher-js posts a form by default; our client layer posts JSON.
  const type = req.headers.get("content-type") ?? "";
  const raw = type.includes("application/json") ? await readJson(req) : Object.fromEntries(new URLSearchParams(await req.text()));
  const { socket_id, channel_name } = channelAuthSchema.parse(raw);
  const auth = await authorizeChannel(user, socket_id, channel_name);
  return NextResponse.json(auth, { headers: { "cache-control": "no-store" } });
});
