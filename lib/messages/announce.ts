import "server-only";
// Telling browsers that something changed, after the transaction that changed
// it has committed. Events carry ids only; browsers refetch what they show.
// Delivery is at least once: browsers dedupe by message id and refetch after a
// reconnect, so a lost event costs freshness, never data (it is in the database).
import { after } from "next/server";
import { pusherServer } from "@/lib/realtime/publish";
import { channels } from "@/lib/realtime/config";
import { REALTIME_EVENTS, type ConversationReadEvent, type MessageCreatedEvent } from "@/lib/realtime/client/events";

async function trigger(to: string[], event: string, data: object, excludeSocketId?: string): Promise<boolean> {
  try {
    // One REST call for all channels (the SDK and our server take up to 100).
    await pusherServer().trigger(to, event, data, excludeSocketId ? { socket_id: excludeSocketId } : undefined);
    return true;
  } catch (error) {
    // The message is stored; a realtime outage must not fail the request that stored it.
    console.error(`[realtime] could not publish ${event} on ${to.join(", ")}:`, (error as Error).message);
    return false;
  }
}

/**
 * Starts `work` now and, inside a request, keeps the request alive until it
 * settles (next/server `after`), without making the response wait for it.
 * Outside a request (tests, scripts) the promise simply runs.
 */
function keepAlive<T>(work: Promise<T>): Promise<T> {
  try {
    after(work);
  } catch {
    // not in a request scope
  }
  return work;
}

/** message-created to both participants' user channels (the sender's other tabs included, the sending socket not). */
export function announceMessageCreated(
  event: MessageCreatedEvent,
  participantIds: string[],
  excludeSocketId?: string,
): Promise<boolean> {
  return keepAlive(trigger(participantIds.map(channels.user), REALTIME_EVENTS.messageCreated, event, excludeSocketId));
}

/** conversation-read to the conversation (the other side's "Seen") and to the reader's own other tabs (badge). */
export function announceConversationRead(event: ConversationReadEvent, contractId: string, excludeSocketId?: string): Promise<boolean> {
  return keepAlive(trigger([channels.conversation(contractId), channels.user(event.userId)], REALTIME_EVENTS.conversationRead, event, excludeSocketId));
}
