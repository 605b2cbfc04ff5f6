import "server-only";
// The conversation list: one conversation per contract the user takes part in,
// each with its last message and the user's unread count, newest activity first.
// One set-based query (a LATERAL join for the last message, a counted subquery
// for unread), because Prisma's nested `take` per parent loads whole histories.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ContractStatus, Role } from "@/lib/generated/prisma/enums";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ConversationSummary } from "./types";

/** The caller's participation as SQL over `contracts k`; admins: contracts with a dispute. Mirrors readableContracts(). */
function scopeSql(user: CurrentUser): Prisma.Sql {
  if (user.role === "ADMIN") return Prisma.sql`EXISTS (SELECT 1 FROM disputes d WHERE d.contract_id = k.id)`;
  return Prisma.sql`(k.client_id = ${user.id}::uuid OR k.freelancer_id = ${user.id}::uuid)`;
}

/**
 * Unread = messages from someone else created after the user's lastReadAt (all
 * of them when the user never opened the conversation). Admins observe and have
 * no read state: always 0.
 */
function unreadSql(user: CurrentUser): Prisma.Sql {
  if (user.role === "ADMIN") return Prisma.sql`0`;
  return Prisma.sql`(SELECT count(*)::int FROM messages m
      WHERE m.conversation_id = c.id AND m.sender_id <> ${user.id}::uuid
        AND m.created_at > COALESCE(r.last_read_at, '-infinity'::timestamptz))`;
}

interface Row {
  id: string;
  contract_id: string;
  title: string;
  status: string;
  client_id: string;
  client_name: string;
  freelancer_id: string;
  freelancer_name: string;
  created_at: Date;
  last_id: string | null;
  last_sender_id: string | null;
  last_body: string | null;
  last_created_at: Date | null;
  last_attachments: number | null;
  unread: number;
}

export async function listConversations(user: CurrentUser): Promise<ConversationSummary[]> {
  const rows = await db().$queryRaw<Row[]>`
    SELECT c.id::text, c.contract_id::text, k.title, k.status::text AS status,
           k.client_id::text, cu.name AS client_name, k.freelancer_id::text, fu.name AS freelancer_name,
           c.created_at,
           lm.id::text AS last_id, lm.sender_id::text AS last_sender_id, lm.body AS last_body, lm.created_at AS last_created_at,
           (SELECT count(*)::int FROM attachments a WHERE a.message_id = lm.id) AS last_attachments,
           ${unreadSql(user)} AS unread
    FROM conversations c
    JOIN contracts k ON k.id = c.contract_id
    JOIN users cu ON cu.id = k.client_id
    JOIN users fu ON fu.id = k.freelancer_id
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${user.id}::uuid
    LEFT JOIN LATERAL (
      SELECT m.id, m.sender_id, m.body, m.created_at FROM messages m
      WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1
    ) lm ON TRUE
    WHERE ${scopeSql(user)}
    ORDER BY COALESCE(lm.created_at, c.created_at) DESC, c.id`;
  return rows.map((r) => {
    const client = { id: r.client_id, name: r.client_name, role: "CLIENT" as Role };
    const freelancer = { id: r.freelancer_id, name: r.freelancer_name, role: "FREELANCER" as Role };
    const lastAt = r.last_created_at ?? r.created_at;
    return {
      id: r.id,
      contractId: r.contract_id,
      contractTitle: r.title,
      contractStatus: r.status as ContractStatus,
      other: user.id === freelancer.id ? client : freelancer,
      lastMessage:
        r.last_id && r.last_sender_id && r.last_created_at
          ? { id: r.last_id, senderId: r.last_sender_id, body: r.last_body ?? "", attachmentCount: r.last_attachments ?? 0, createdAt: r.last_created_at.toISOString() }
          : null,
      unread: r.unread,
      lastActivityAt: new Date(lastAt).toISOString(),
    };
  });
}

/** The navigation badge: unread messages over all the user's conversations. */
export async function countUnread(user: CurrentUser): Promise<number> {
  if (user.role === "ADMIN") return 0;
  const [row] = await db().$queryRaw<Array<{ total: number }>>`
    SELECT count(*)::int AS total
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id
    JOIN contracts k ON k.id = c.contract_id
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${user.id}::uuid
    WHERE ${scopeSql(user)}
      AND m.sender_id <> ${user.id}::uuid
      AND m.created_at > COALESCE(r.last_read_at, '-infinity'::timestamptz)`;
  return row?.total ?? 0;
}
