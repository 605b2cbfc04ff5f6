// Keyset paging over a conversation's history, newest first: a cursor names the
// oldest message of the previous page by (createdAt, id), the order of the
// (conversation_id, created_at, id) index. Opaque to clients.
export interface MessageCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: MessageCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.id}`, "utf8").toString("base64url");
}

/** null when the cursor was not made by encodeCursor */
export function decodeCursor(raw: string): MessageCursor | null {
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const match = /^(\d{1,15})\.(.+)$/.exec(text);
  if (!match?.[1] || !match[2] || !UUID.test(match[2])) return null;
  const createdAt = new Date(Number(match[1]));
  if (Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id: match[2].toLowerCase() };
}
