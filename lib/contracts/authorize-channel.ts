import "server-only";
// Who may join which realtime channel: private-user-<id> that user; private-contract-<id> its parties and admins;
// presence-contract-<id> and private-call-<id> (R17.1) its parties. Anything else is refused.
// Choice: every refusal is 403, unknown contracts too, so an outsider cannot tell whether an id exists.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError } from "@/lib/errors";
import { parseChannel, type ChannelTarget } from "@/lib/realtime/client/events";
import { pusherServer } from "@/lib/realtime/publish";
import { contractScope } from "./list-contracts";

const refused = () => new ApiError("forbidden", "You may not subscribe to this channel.");

/** Throws 403 unless `user` may join `channel`. */
export async function assertMayJoin(user: CurrentUser, channel: string): Promise<ChannelTarget> {
  const target = parseChannel(channel);
  if (!target) throw refused();
  if (target.kind === "user") {
    if (target.userId !== user.id) throw refused();
    return target;
  }
  // Choice: admins read a conversation only through a dispute, read-only and without presence, so the
  // conversation's presence channel (online, typing, "Seen") is the two parties' alone. Admins keep the
  // contract's private channel: the Work Diary, which they may open on any contract, follows it live.
  if (target.kind === "call" && user.role === "ADMIN") throw refused(); // R17.1 an admin cannot join a call
  if (target.kind === "contract" && target.presence && user.role === "ADMIN") throw refused();
  const contract = await db().contract.findFirst({ where: { AND: [{ id: target.contractId }, contractScope(user)] }, select: { id: true } });
  if (!contract) throw refused();
  return target;
}

export interface ChannelAuthorization {
  auth: string;
  channel_data?: string;
}

/** The signed answer pusher-js expects, for a channel the user may join. */
export async function authorizeChannel(user: CurrentUser, socketId: string, channel: string): Promise<ChannelAuthorization> {
  const target = await assertMayJoin(user, channel);
  const presence = target.kind === "contract" && target.presence ? { user_id: user.id, user_info: { name: user.name, role: user.role } } : undefined;
  try {
    return pusherServer().authorizeChannel(socketId, channel, presence);
  } catch (error) {
    // The SDK refuses malformed socket ids and channel names itself.
    throw new ApiError("validation_failed", `Invalid input. ${(error as Error).message}`);
  }
}
