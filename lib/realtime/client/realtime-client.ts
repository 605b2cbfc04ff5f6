// The browser's one realtime connection, framework-free: pusher-js configured
// for our server or hosted Pusher (same code, only the config differs), channel
// subscriptions shared by reference count, and a reconnect signal so callers can
// refetch what they may have missed while offline. React wraps it in
// realtime-provider.tsx; tests drive it directly.
import type PusherJs from "pusher-js";
import type { Channel, ChannelAuthorizationHandler, Options } from "pusher-js";
import type { RealtimeClientConfig } from "../config";

export type PusherConstructor = new (key: string, options: Options) => PusherJs;

/** pusher-js options for a RealtimeClientConfig (DESIGN.md: cluster, wsHost/wsPort/wssPort, forceTLS, ws transports). */
export function pusherOptions(config: RealtimeClientConfig, authorize: ChannelAuthorizationHandler): Options {
  const self = config.wsHost
    ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort, enabledTransports: ["ws", "wss"] as Options["enabledTransports"] }
    : {};
  return { cluster: config.cluster, forceTLS: config.forceTLS, disableStats: true, ...self, channelAuthorization: { customHandler: authorize } };
}

/** Asks the portal (POST /api/realtime/auth, session cookie) to sign a subscription. */
export function portalAuthorizer(endpoint = "/api/realtime/auth"): ChannelAuthorizationHandler {
  return ({ socketId, channelName }, callback) => {
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ socket_id: socketId, channel_name: channelName }),
    })
      .then(async (res) => {
        if (!res.ok) throw Object.assign(new Error(`Subscription to ${channelName} refused (${res.status})`), { status: res.status });
        callback(null, (await res.json()) as { auth: string; channel_data?: string });
      })
      .catch((error: Error) => callback(error, null));
  };
}

export type ConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

export class RealtimeClient {
  private readonly refs = new Map<string, number>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private everConnected = false;

  constructor(readonly pusher: PusherJs) {
    pusher.connection.bind("state_change", ({ current }: { previous: ConnectionState; current: ConnectionState }) => {
      for (const listener of this.stateListeners) listener(current);
      if (current !== "connected") return;
      // Events sent while we were away are gone (the database is not): tell callers to refetch.
      if (this.everConnected) for (const listener of this.reconnectListeners) listener();
      this.everConnected = true;
    });
  }

  get state(): ConnectionState {
    return this.pusher.connection.state as ConnectionState;
  }

  /** The socket to leave out of announcements this browser caused (X-Socket-Id). */
  socketId(): string | undefined {
    return this.state === "connected" ? this.pusher.connection.socket_id : undefined;
  }

  /** Subscribes on first use; every acquire needs one release. */
  acquire(name: string): Channel {
    this.refs.set(name, (this.refs.get(name) ?? 0) + 1);
    return this.pusher.channel(name) ?? this.pusher.subscribe(name);
  }

  /** Unsubscribes when the last user lets go. */
  release(name: string): void {
    const left = (this.refs.get(name) ?? 0) - 1;
    if (left > 0) {
      this.refs.set(name, left);
      return;
    }
    this.refs.delete(name);
    this.pusher.unsubscribe(name);
  }

  /** Binds `handler` to `event` on `channel` (subscribing if needed); returns the undo. */
  on<T = unknown>(channel: string, event: string, handler: (data: T, metadata?: { user_id?: string }) => void): () => void {
    const ch = this.acquire(channel);
    ch.bind(event, handler);
    return () => {
      ch.unbind(event, handler);
      this.release(channel);
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribedChannels(): string[] {
    return [...this.refs.keys()];
  }

  disconnect(): void {
    this.refs.clear();
    this.reconnectListeners.clear();
    this.stateListeners.clear();
    this.pusher.disconnect();
  }
}
