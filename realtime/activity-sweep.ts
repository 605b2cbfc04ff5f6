// One sweep for all sockets instead of a timer each: ping the idle, close
// those that ignored a ping (protocol 7: pusher:ping / pusher:pong, 4201).
import type { Connection, ConnectionHooks } from "./connection";
import { encode, ErrorCode } from "./protocol";

/** Starts the sweep (unref'd, so it never keeps the process alive); clearInterval stops it. */
export function startActivitySweep(
  connections: Set<Connection>,
  hooks: ConnectionHooks,
  activityTimeoutSeconds: number,
  pongTimeoutSeconds: number,
): NodeJS.Timeout {
  const activityMs = activityTimeoutSeconds * 1000;
  const pongMs = pongTimeoutSeconds * 1000;
  const ping = encode({ event: "pusher:ping", data: "{}" });
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const connection of connections) {
        if (connection.closed) continue;
        if (connection.pingSentAt !== 0) {
          if (now - connection.pingSentAt >= pongMs) hooks.disconnect(connection, ErrorCode.pongTimeout, "Pong reply not received");
        } else if (now - connection.lastSeen >= activityMs) {
          connection.pingSentAt = now;
          connection.send(ping);
        }
      }
    },
    Math.max(100, Math.min(activityMs, pongMs) / 4),
  );
  sweep.unref();
  return sweep;
}
