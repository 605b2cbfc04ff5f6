// Presence membership of one channel. A member is a user_id, not a socket:
// a user with two tabs is one member, added on their first socket and removed
// only when their last socket leaves, so member_added/member_removed fire once.

export interface PresenceMember {
  userId: string;
  userInfo: unknown;
}

export interface PresenceSnapshot {
  presence: { ids: string[]; hash: Record<string, unknown>; count: number };
}

export class PresenceRoster<S> {
  private readonly members = new Map<string, { userInfo: unknown; sockets: number }>();
  private readonly userBySocket = new Map<S, string>();

  get count(): number {
    return this.members.size;
  }

  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** Returns true when this socket made the user a new member. */
  join(socket: S, member: PresenceMember): boolean {
    if (this.userBySocket.has(socket)) return false;
    this.userBySocket.set(socket, member.userId);
    const existing = this.members.get(member.userId);
    if (existing) {
      // Pusher keeps the first socket's user_info for the member.
      existing.sockets += 1;
      return false;
    }
    this.members.set(member.userId, { userInfo: member.userInfo, sockets: 1 });
    return true;
  }

  /** Returns the user_id when this socket was the user's last one, else undefined. */
  leave(socket: S): string | undefined {
    const userId = this.userBySocket.get(socket);
    if (userId === undefined) return undefined;
    this.userBySocket.delete(socket);
    const member = this.members.get(userId);
    if (!member) return undefined;
    member.sockets -= 1;
    if (member.sockets > 0) return undefined;
    this.members.delete(userId);
    return userId;
  }

  userIdOf(socket: S): string | undefined {
    return this.userBySocket.get(socket);
  }

  userIds(): string[] {
    return [...this.members.keys()];
  }

  snapshot(): PresenceSnapshot {
    // No prototype: a user_id such as "__proto__" must stay a plain key.
    const hash = Object.create(null) as Record<string, unknown>;
    // A member without user_info is still a member: pusher-js builds `members`
    // (and `members.me`) from this hash's keys, and JSON drops undefined values.
    for (const [id, member] of this.members) hash[id] = member.userInfo ?? null;
    return { presence: { ids: [...this.members.keys()], hash, count: this.members.size } };
  }
}
