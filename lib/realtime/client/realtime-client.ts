// The browser's one realtime connection, framework-free: pusher-js configured
// for our server or hosted Pusher (same code, only the config differs), channel
// subscriptions shared by reference count, and a reconnect signal so callers can
// refetch what they may have missed while offline. React wraps it in
// realtime-provider.tsx; tests drive it directly.
import type PusherJs from "pusher-js";
import type { Channel, ChannelAuthorizationHandler, Options, PresenceChannel } from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/config/realtime";

/** pusher-js options for a RealtimeClientConfig (docs/development.md: cluster, wsHost/wsPort/wssPort, forceTLS, ws transports). */
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

export type SubscriptionStatus = "idle" | "subscribing" | "subscribed" | "refused";

export interface PresenceSnapshot {
  status: SubscriptionStatus;
  /** user ids of the members online now, the viewer included, sorted */
  memberIds: readonly string[];
}

const IDLE: PresenceSnapshot = { status: "idle", memberIds: [] };

/**
 * Who is on a presence channel, as an external store (useSyncExternalStore):
 * joined while anyone listens, left when the last listener goes. Snapshots are
 * immutable and replaced on change.
 */
export class PresenceStore {
  private snapshot: PresenceSnapshot = IDLE;
  private readonly listeners = new Set<() => void>();
  private channel: PresenceChannel | undefined;

  constructor(
    private readonly client: RealtimeClient,
    readonly name: string,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  };

  readonly getSnapshot = (): PresenceSnapshot => this.snapshot;

  private readonly update = () => {
    const ids: string[] = [];
    this.channel?.members.each((m: { id: string }) => ids.push(m.id));
    this.set({ status: "subscribed", memberIds: ids.sort() });
  };

  private readonly refused = () => this.set({ status: "refused", memberIds: [] });

  private set(next: PresenceSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  private attach(): void {
    const ch = this.client.acquire(this.name) as PresenceChannel;
    this.channel = ch;
    ch.bind("pusher:subscription_succeeded", this.update);
    ch.bind("pusher:member_added", this.update);
    ch.bind("pusher:member_removed", this.update);
    ch.bind("pusher:subscription_error", this.refused);
    if (ch.subscribed) this.update();
    else this.snapshot = { status: "subscribing", memberIds: [] };
  }

  private detach(): void {
    const ch = this.channel;
    if (!ch) return;
    ch.unbind("pusher:subscription_succeeded", this.update);
    ch.unbind("pusher:member_added", this.update);
    ch.unbind("pusher:member_removed", this.update);
    ch.unbind("pusher:subscription_error", this.refused);
    this.channel = undefined;
    this.snapshot = IDLE;
    this.client.release(this.name);
  }
}

export class RealtimeClient {
  private readonly refs = new Map<string, number>();
  private readonly presenceStores = new Map<string, PresenceStore>();
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
    // Always through pusher.subscribe (a no-op on a live or pending channel): a
    // release during a pending join only marks it cancelled, and pusher.channel()
    // would hand back that channel, which leaves as soon as the join lands (the
    // conversation opened from the list showed "Offline" and no typing).
    return this.pusher.subscribe(name);
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

  /** The presence store of a presence channel (one per channel, so snapshots stay stable). */
  presence(name: string): PresenceStore {
    let store = this.presenceStores.get(name);
    if (!store) {
      store = new PresenceStore(this, name);
      this.presenceStores.set(name, store);
    }
    return store;
  }

  /** Sends a client event (client-*) to the channel's other members; false until subscribed. */
  trigger(channel: string, event: `client-${string}`, data: unknown): boolean {
    const ch = this.pusher.channel(channel);
    return Boolean(ch?.subscribed) && ch.trigger(event, data);
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
