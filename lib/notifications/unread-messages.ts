// R16.4 messages are emailed only when still unread after 15 minutes, several in one email: per
// recipient, one email covering every message unread since the last such email, once the oldest of
// them has waited 15 minutes. unread_message_digests.covered_until remembers up to where the last
// email covered, in the transaction that queues the email, so a rerun never sends one twice.
import { db } from "@/lib/db/client";
import { notify } from "@/lib/realtime/notify";
import { notifyUsers } from "./notify-users";

export const UNREAD_MESSAGE_DELAY_MS = 15 * 60_000;

interface Pending {
  user_id: string;
  messages: number;
  conversations: number;
  newest: Date;
  senders: string[];
}

// Recipients are the contract's two sides (admins read dispute conversations but are no party to them).
const PENDING = (now: Date) => db().$queryRaw<Pending[]>`
  WITH unread AS (
    SELECT p.user_id, m.conversation_id, m.created_at, s.name AS sender
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id
    JOIN contracts k ON k.id = c.contract_id
    CROSS JOIN LATERAL (VALUES (k.client_id), (k.freelancer_id)) AS p(user_id)
    JOIN users s ON s.id = m.sender_id
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = p.user_id
    LEFT JOIN unread_message_digests d ON d.user_id = p.user_id
    WHERE m.sender_id <> p.user_id
      -- Choice: a call's entry (R17.1) is not a message to email: a missed call has its own notification, an answered one was heard
      AND m.call_id IS NULL
      AND m.created_at <= ${now}
      AND m.created_at > COALESCE(r.last_read_at, '-infinity'::timestamptz)
      AND m.created_at > COALESCE(d.covered_until, '-infinity'::timestamptz)
  )
  SELECT user_id::text AS user_id, count(*)::int AS messages, count(DISTINCT conversation_id)::int AS conversations,
    max(created_at) AS newest, array_agg(DISTINCT sender ORDER BY sender) AS senders
  FROM unread
  GROUP BY user_id
  HAVING min(created_at) <= ${new Date(now.getTime() - UNREAD_MESSAGE_DELAY_MS)}`;

/** Queues the unread-messages emails due at `now`; returns how many users it emailed. */
export async function emailUnreadMessages(now: Date): Promise<number> {
  let sent = 0;
  for (const p of await PENDING(now)) {
    const done = await db().$transaction(async (tx) => {
      // Claim the messages by moving the cursor: a second worker waits on the row, then moves nothing and sends nothing.
      const claimed = await tx.$executeRaw`
        INSERT INTO unread_message_digests (user_id, covered_until) VALUES (${p.user_id}::uuid, ${p.newest})
        ON CONFLICT (user_id) DO UPDATE SET covered_until = EXCLUDED.covered_until WHERE unread_message_digests.covered_until < EXCLUDED.covered_until`;
      if (claimed === 0) return false;
      const many = p.messages === 1 ? "1 unread message" : `${p.messages} unread messages`;
      const from = p.senders.length <= 2 ? p.senders.join(" and ") : `${p.senders.slice(0, 2).join(", ")} and others`;
      return notifyUsers(tx, {
        kind: "messages_unread", userIds: [p.user_id], title: `You have ${many}`,
        body: `${many} from ${from}${p.conversations > 1 ? ` in ${p.conversations} conversations` : ""} waiting for you in Hourglass.`,
        link: "/messages",
      });
    });
    if (done === false) continue;
    await notify(done);
    sent++;
  }
  return sent;
}
