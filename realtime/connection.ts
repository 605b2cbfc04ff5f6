// One client WebSocket: the messages a Pusher client may send, checked and
// applied to its app's channel state. Kept small per instance because a
// server holds thousands of these.
import type { WebSocket } from "ws";
import { invalidSignatureMessage, isChannelAuthValid, isUserAuthValid } from "./auth";
import type { AppState, Subscriber } from "./channels";
import type { PresenceMember } from "./presence";
import {
  channelKind,
  dataObject,
  encode,
  ErrorCode,
  errorMessage,
  ErrorText,
  isEncryptedChannel,
  isValidChannelName,
  Limits,
  SERVER_TO_USER_PREFIX,
  type ClientMessage,
} from "./protocol";

export interface ConnectionHooks {
  /** Closes the socket with a Pusher code (and counts why); see server.ts. */
  disconnect(connection: Connection, code: number, reason: string): void;
  maxBufferedBytes: number;
}

const TEXT_FRAME = { binary: false } as const;
const PONG = encode({ event: "pusher:pong", data: "{}" });

export class Connection implements Subscriber {
  readonly channels = new Set<string>();
  /** Last time anything arrived from the client; drives the server's pings. */
  lastSeen = Date.now();
  /** When the server's unanswered pusher:ping went out, 0 when none is pending. */
  pingSentAt = 0;
  closed = false;
  private user: PresenceMember | undefined;
  private eventWindowStart = 0;
  private eventsInWindow = 0;

  constructor(
    readonly ws: WebSocket,
    readonly socketId: string,
    readonly app: AppState,
    readonly address: string,
    private readonly hooks: ConnectionHooks,
  ) {}

  get userId(): string | undefined {
    return this.user?.userId;
  }

  deliver(frame: Buffer): void {
    if (this.closed) return;
    this.ws.send(frame, TEXT_FRAME);
    // Backpressure: a client that does not read would make us buffer every
    // broadcast forever. Past the limit it is cut off, not waited for.
    if (this.ws.bufferedAmount > this.hooks.maxBufferedBytes) {
      this.hooks.disconnect(this, ErrorCode.overCapacity, "Client too slow to read its messages");
    }
  }

  send(message: string): void {
    this.deliver(Buffer.from(message, "utf8"));
  }

  disconnect(code: number, reason: string): void {
    this.hooks.disconnect(this, code, reason);
  }

  /** Leaves every channel and the signed-in user set; safe to call twice. */
  detach(): void {
    for (const name of this.channels) this.app.unsubscribe(this, name);
    this.channels.clear();
    if (this.user) this.app.signOut(this, this.user.userId);
    this.user = undefined;
  }

  handle(message: ClientMessage): void {
    this.lastSeen = Date.now();
    this.pingSentAt = 0;
    switch (message.event) {
      case "pusher:ping":
        return this.send(PONG);
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return this.subscribe(message.data);
      case "pusher:unsubscribe":
        return this.unsubscribe(message.data);
      case "pusher:signin":
        return this.signIn(message.data);
      default:
        if (message.event.startsWith("client-")) return this.clientEvent(message);
        this.send(errorMessage(null, `Unsupported event ${message.event.slice(0, 100)}`));
    }
  }

  private subscribe(raw: unknown): void {
    const data = dataObject(raw);
    const name = data?.channel;
    if (!data || typeof name !== "string") {
      return this.send(errorMessage(null, "pusher:subscribe needs data.channel"));
    }
    if (!isValidChannelName(name)) return this.refuse(name, "Invalid channel name", 400);

    let member: PresenceMember | undefined;
    switch (channelKind(name)) {
      case "public":
        break;
      case "private":
        if (!isChannelAuthValid(this.app.credentials, this.socketId, name, data.auth)) {
          return this.refuseSignature(name, invalidSignatureMessage(this.socketId, name, data.auth));
        }
        break;
      case "presence": {
        const result = this.presenceMember(name, data);
        if ("error" in result) return result.badSignature ? this.refuseSignature(name, result.error) : this.refuse(name, result.error, 401);
        member = result;
        const roster = this.app.channels.get(name)?.roster;
        if (roster && roster.count >= Limits.presenceMembers && !roster.has(member.userId)) {
          return this.refuse(name, `Presence channel is full (${Limits.presenceMembers} members)`, 403);
        }
        break;
      }
      case "user":
        // Only the signed-in user may listen on their own server-to-user channel.
        if (this.user === undefined || name !== `${SERVER_TO_USER_PREFIX}${this.user.userId}`) {
          return this.refuse(name, "Sign in as this user first", 401);
        }
        break;
    }

    const channel = this.app.subscribe(this, name, member);
    this.channels.add(name);
    const succeeded = channel.roster ? JSON.stringify(channel.roster.snapshot()) : "{}";
    this.send(encode({ event: "pusher_internal:subscription_succeeded", channel: name, data: succeeded }));
  }

  /** The member a presence subscription joins as, or why it is refused. */
  private presenceMember(name: string, data: Record<string, unknown>): PresenceMember | { error: string; badSignature?: true } {
    const channelData = data.channel_data;
    if (channelData === undefined && this.user) {
      // pusher-js 8 may omit channel_data once signed in: the user is the member.
      if (!isChannelAuthValid(this.app.credentials, this.socketId, name, data.auth)) {
        return { error: invalidSignatureMessage(this.socketId, name, data.auth), badSignature: true };
      }
      return this.user;
    }
    if (typeof channelData !== "string") return { error: "Presence channels need channel_data" };
    if (!isChannelAuthValid(this.app.credentials, this.socketId, name, data.auth, channelData)) {
      return { error: invalidSignatureMessage(this.socketId, name, data.auth, channelData), badSignature: true };
    }
    const parsed = dataObject(channelData);
    const userId = parsed?.user_id;
    if (!parsed || (typeof userId !== "string" && typeof userId !== "number") || userId === "") {
      return { error: "channel_data needs a user_id" };
    }
    const userInfo = parsed.user_info;
    if (userInfo !== undefined && Buffer.byteLength(JSON.stringify(userInfo), "utf8") > Limits.userInfoBytes) {
      return { error: `user_info is larger than ${Limits.userInfoBytes} bytes` };
    }
    return { userId: String(userId), userInfo };
  }

  private refuse(channel: string, error: string, status: number): void {
    const data = JSON.stringify({ type: "AuthError", error, status });
    this.send(encode({ event: "pusher:subscription_error", channel, data }));
  }

  // Choice: a bad signature is answered both ways. Hosted Pusher sends pusher:error
  // (code null, "Invalid signature: Expected HMAC SHA256 hex digest of ..."), which
  // pusher-js reports on the connection; the channel also gets pusher:subscription_error
  // in the shape pusher-js itself emits for a refused authorization, 401 as from an
  // auth endpoint, so code bound to the channel (ours: lib/realtime/client) learns of it too.
  private refuseSignature(channel: string, message: string): void {
    this.send(errorMessage(null, message));
    this.refuse(channel, message, 401);
  }

  private unsubscribe(raw: unknown): void {
    const name = dataObject(raw)?.channel;
    if (typeof name !== "string" || !this.channels.delete(name)) return;
    this.app.unsubscribe(this, name);
  }

  private signIn(raw: unknown): void {
    const data = dataObject(raw);
    const userData = data?.user_data;
    if (!data || typeof userData !== "string") {
      return this.send(errorMessage(ErrorCode.unauthorized, "pusher:signin needs user_data and auth"));
    }
    if (!isUserAuthValid(this.app.credentials, this.socketId, userData, data.auth)) {
      return this.send(errorMessage(ErrorCode.unauthorized, "Invalid signin signature"));
    }
    const parsed = dataObject(userData);
    const id = parsed?.id;
    if (!parsed || typeof id !== "string" || id === "") {
      return this.send(errorMessage(ErrorCode.unauthorized, "user_data needs a non-empty string id"));
    }
    if (this.user) this.app.signOut(this, this.user.userId);
    this.user = { userId: id, userInfo: parsed.user_info };
    this.app.signIn(this, id);
    this.send(encode({ event: "pusher:signin_success", data: JSON.stringify({ user_data: userData }) }));
  }

  private clientEvent(message: ClientMessage): void {
    const name = message.channel;
    if (name === undefined) return this.send(errorMessage(null, "Client events need a channel"));
    if (!this.app.credentials.clientEvents) return this.send(errorMessage(null, ErrorText.clientEventsDisabled));
    if (isEncryptedChannel(name)) return this.send(errorMessage(null, ErrorText.clientEventsEncrypted));
    const kind = channelKind(name);
    if (kind !== "private" && kind !== "presence") {
      return this.send(errorMessage(null, "Client events are only allowed on private and presence channels"));
    }
    if (!this.channels.has(name)) {
      return this.send(errorMessage(null, `Not subscribed to ${name}`));
    }
    if (message.event.length > Limits.eventNameLength) {
      return this.send(errorMessage(null, "Event name too long"));
    }
    // Pusher's per-connection client event limit, in one-second windows.
    const now = Date.now();
    if (now - this.eventWindowStart >= 1000) {
      this.eventWindowStart = now;
      this.eventsInWindow = 0;
    }
    if (++this.eventsInWindow > Limits.clientEventsPerSecond) {
      return this.send(errorMessage(ErrorCode.clientEventRateLimit, "Client event rejected due to rate limit"));
    }
    const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data ?? null);
    if (Buffer.byteLength(data, "utf8") > Limits.eventDataBytes) {
      return this.send(errorMessage(null, `Client event data is larger than ${Limits.eventDataBytes} bytes`));
    }
    const userId = this.app.channels.get(name)?.roster?.userIdOf(this);
    const out = encode(userId === undefined ? { event: message.event, channel: name, data } : { event: message.event, channel: name, data, user_id: userId });
    this.app.publish(name, out, this.socketId);
    const hook = { name: "client_event", channel: name, event: message.event, data, socket_id: this.socketId } as const;
    this.app.webhooks?.emit(userId === undefined ? hook : { ...hook, user_id: userId });
  }
}
