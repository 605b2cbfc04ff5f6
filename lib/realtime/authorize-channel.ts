import "server-only";
// Who may join which realtime channel (the auth step of Pusher private and
// presence subscriptions):
//   private-user-<userId>            that user only
//   private-contract-<contractId>    the contract's client and freelancer, and admins
//   presence-contract-<contractId>   the same; members appear as { user_id, user_info: { name, role } }
// Anything else, including public channels and names we do not use, is refused.
//
// Choice: every refusal is 403, for an unknown contract too (not 404): the
// answer must not tell an outsider whether a contract id exists, and pusher-js
// treats any non-200 as a failed subscription anyway.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError } from "@/lib/errors";
import { contractScope } from "@/lib/contracts/list-contracts";
import { pusherServer } from "./publish";

export type ChannelTarget =
  | { kind: "user"; userId: string }
  | { kind: "contract"; contractId: string; presence: boolean };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const USER = new RegExp(`^private-user-(${UUID})$`);
const CONTRACT = new RegExp(`^(private|presence)-contract-(${UUID})$`);

/** What a channel name from lib/realtime/config.ts `channels` refers to; null for any other name. */
export function parseChannel(name: string): ChannelTarget | null {
  const user = USER.exec(name);
  if (user?.[1]) return { kind: "user", userId: user[1] };
  const contract = CONTRACT.exec(name);
  if (contract?.[1] && contract[2]) return { kind: "contract", contractId: contract[2], presence: contract[1] === "presence" };
  return null;
}

const refused = () => new ApiError("forbidden", "You may not subscribe to this channel.");

/** Throws 403 unless `user` may join `channel`. */
export async function assertMayJoin(user: CurrentUser, channel: string): Promise<ChannelTarget> {
  const target = parseChannel(channel);
  if (!target) throw refused();
  if (target.kind === "user") {
    if (target.userId !== user.id) throw refused();
    return target;
  }
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
