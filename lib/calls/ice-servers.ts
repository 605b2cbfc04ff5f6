import "server-only";
// R17.1 the ICE servers a browser uses for its calls: those of ICE_SERVERS (none by default: loopback and LAN
// need none), and, when TURN_SECRET and TURN_URLS are set, the portal's TURN server with credentials that
// expire, made as coturn's REST API expects (use-auth-secret): username "<expiry unix seconds>:<user id>",
// credential base64(HMAC-SHA1(secret, username)). The secret never leaves the server.
import { createHmac } from "node:crypto";
import { parseIceServers, turnSettings, type IceServerConfig } from "@/lib/config/calls";

/** coturn's time-limited credentials for `userId`, valid until `now` + ttl. */
export function turnCredentials(secret: string, userId: string, now: Date, ttlSeconds: number): { username: string; credential: string } {
  const username = `${Math.floor(now.getTime() / 1000) + ttlSeconds}:${userId}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

export function iceServersFor(userId: string, now: Date, env: Record<string, string | undefined> = process.env): IceServerConfig[] {
  const servers = parseIceServers(env.ICE_SERVERS);
  const turn = turnSettings(env);
  if (!turn) return servers;
  return [...servers, { urls: turn.urls, ...turnCredentials(turn.secret, userId, now, turn.ttlSeconds) }];
}
