import "server-only";
// Server-side publishing through the official `pusher` SDK. Call only after the
// transaction that justified the event has committed. Events tell clients what
// to refetch; they never carry the source of truth. A realtime outage must not
// fail the request that already committed, so errors are logged, not thrown.
import Pusher from "pusher";
import { realtimeServerConfig } from "./config";

let client: Pusher | undefined;

export function pusherServer(): Pusher {
  if (!client) {
    const c = realtimeServerConfig();
    const auth = { appId: c.appId, key: c.key, secret: c.secret, useTLS: c.useTLS };
    client = c.cluster ? new Pusher({ ...auth, cluster: c.cluster }) : new Pusher({ ...auth, host: c.host as string, port: c.port as string });
  }
  return client;
}

export async function publish(channel: string, event: string, data: Record<string, unknown>, opts: { excludeSocketId?: string } = {}): Promise<boolean> {
  try {
    await pusherServer().trigger(channel, event, data, opts.excludeSocketId ? { socket_id: opts.excludeSocketId } : undefined);
    return true;
  } catch (error) {
    console.error(`[realtime] could not publish ${event} on ${channel}:`, (error as Error).message);
    return false;
  }
}
