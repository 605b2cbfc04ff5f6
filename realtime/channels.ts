// In-memory state of one app: occupied channels, their subscribers and
// presence rosters, and signed-in users. A channel exists only while it has a
// subscriber, so "occupied" in the REST API is simply "present in the map".
import type { AppCredentials } from "./auth";
import { PresenceRoster, type PresenceMember } from "./presence";
import { channelKind, encode } from "./protocol";
import type { WebhookEvent, WebhookTarget } from "./webhooks";

export interface Subscriber {
  readonly socketId: string;
  /** Sends an already-encoded text frame (shared by every recipient). */
  deliver(frame: Buffer): void;
  /** Closes the socket with a Pusher close code. */
  disconnect(code: number, reason: string): void;
}

export class Channel {
  readonly subscribers = new Set<Subscriber>();
  readonly roster: PresenceRoster<Subscriber> | undefined;

  constructor(readonly name: string) {
    this.roster = channelKind(name) === "presence" ? new PresenceRoster<Subscriber>() : undefined;
  }
}

/** One app as the server runs it: its credentials and the settings hosted Pusher keeps per app. */
export interface AppConfig extends AppCredentials {
  /** client-* events from browsers; opt-in per app, as on Pusher. Default off. */
  clientEvents?: boolean;
  /** Where this app's Pusher-format webhooks go; none when unset. */
  webhook?: WebhookTarget;
}

export interface WebhookSink {
  emit(event: WebhookEvent): void;
}

export class AppState {
  readonly channels = new Map<string, Channel>();
  /** Signed-in sockets by user id (pusher:signin), for terminate_connections. */
  readonly users = new Map<string, Set<Subscriber>>();
  connections = 0;

  constructor(
    readonly credentials: AppConfig,
    readonly webhooks?: WebhookSink,
  ) {}

  /**
   * Adds the socket to the channel; on presence channels also to the roster,
   * telling the other subscribers when the user is a new member.
   */
  subscribe(socket: Subscriber, name: string, member?: PresenceMember): Channel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(name);
      this.channels.set(name, channel);
      this.webhooks?.emit({ name: "channel_occupied", channel: name });
    }
    if (channel.roster && member && channel.roster.join(socket, member)) {
      const data = JSON.stringify({ user_id: member.userId, user_info: member.userInfo });
      this.publish(name, encode({ event: "pusher_internal:member_added", channel: name, data }), socket.socketId);
      this.webhooks?.emit({ name: "member_added", channel: name, user_id: member.userId });
    }
    channel.subscribers.add(socket);
    return channel;
  }

  unsubscribe(socket: Subscriber, name: string): void {
    const channel = this.channels.get(name);
    if (!channel || !channel.subscribers.delete(socket)) return;
    const goneUserId = channel.roster?.leave(socket);
    // The webhook tells the member's departure even when no subscriber is left to hear it.
    if (goneUserId !== undefined) this.webhooks?.emit({ name: "member_removed", channel: name, user_id: goneUserId });
    if (channel.subscribers.size === 0) {
      this.channels.delete(name);
      this.webhooks?.emit({ name: "channel_vacated", channel: name });
    } else if (goneUserId !== undefined) {
      const data = JSON.stringify({ user_id: goneUserId });
      this.publish(name, encode({ event: "pusher_internal:member_removed", channel: name, data }));
    }
  }

  /** Sends one encoded message to every subscriber except `exceptSocketId`. */
  publish(name: string, message: string, exceptSocketId?: string): number {
    const channel = this.channels.get(name);
    if (!channel) return 0;
    // Encoded once, so a broadcast to N sockets costs one Buffer, not N strings.
    const frame = Buffer.from(message, "utf8");
    let sent = 0;
    for (const socket of channel.subscribers) {
      if (socket.socketId === exceptSocketId) continue;
      socket.deliver(frame);
      sent += 1;
    }
    return sent;
  }

  signIn(socket: Subscriber, userId: string): void {
    let sockets = this.users.get(userId);
    if (!sockets) {
      sockets = new Set();
      this.users.set(userId, sockets);
    }
    sockets.add(socket);
  }

  signOut(socket: Subscriber, userId: string): void {
    const sockets = this.users.get(userId);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.users.delete(userId);
  }
}
