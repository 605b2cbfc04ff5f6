import "server-only";
// The official `pusher` SDK, pointed at hosted Pusher or our own server by the
// environment alone. Events go out only through notify() (./notify.ts).
import Pusher from "pusher";
import { realtimeServerConfig } from "@/lib/config/realtime";

let client: Pusher | undefined;

export function pusherServer(): Pusher {
  if (!client) {
    const c = realtimeServerConfig();
    const auth = { appId: c.appId, key: c.key, secret: c.secret, useTLS: c.useTLS };
    client = c.cluster ? new Pusher({ ...auth, cluster: c.cluster }) : new Pusher({ ...auth, host: c.host as string, port: c.port as string });
  }
  return client;
}
