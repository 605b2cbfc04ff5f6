// R16.1, R16.2 the tokens in emailed links: sign-up confirmation, invitations, password resets,
// email changes and the first admin's setup link. Only a sha256 of each token is stored, each works
// once (the row is locked while it is used) and only until it expires, on the portal's clock (R1.4).
import { createHash, randomBytes } from "node:crypto";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

export type LinkTokenPurpose = "confirm_email" | "invitation" | "password_reset" | "email_change" | "admin_setup";

export interface LinkTokenRequest {
  purpose: LinkTokenPurpose;
  userId?: string | null;
  email: string;
  ttlMs: number;
  data?: object;
}

export interface ConsumedLinkToken {
  id: string;
  userId: string | null;
  email: string;
  data: Record<string, unknown>;
}

const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new link token; returns the raw token (for the link), stores only its hash. */
export async function issueLinkToken(tx: Tx, request: LinkTokenRequest): Promise<string> {
  // 32 random bytes: unguessable, so a plain sha256 is enough to store it.
  const token = randomBytes(32).toString("base64url");
  const createdAt = now();
  await tx.linkToken.create({
    data: {
      purpose: request.purpose,
      tokenHash: hashLinkToken(token),
      userId: request.userId ?? null,
      email: request.email,
      data: (request.data ?? {}) as Prisma.InputJsonObject,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + request.ttlMs),
    },
  });
  return token;
}

interface LockedRow {
  id: string;
  user_id: string | null;
  email: string;
  data: Record<string, unknown> | null;
  expires_at: Date;
  used_at: Date | null;
}

async function lockLinkToken(tx: Tx, purpose: LinkTokenPurpose, rawToken: string): Promise<LockedRow> {
  const [row] = await tx.$queryRaw<LockedRow[]>`
    SELECT id::text, user_id::text, email, data, expires_at, used_at
    FROM link_tokens WHERE token_hash = ${hashLinkToken(rawToken)} AND purpose = ${purpose} FOR UPDATE`;
  if (!row) throw new ApiError("not_found", "This link is not valid. Check that you opened the whole link from the email.");
  if (row.used_at) throw new ApiError("used", "This link was already used. Each link works once.");
  if (now() >= row.expires_at) throw new ApiError("expired", "This link has expired. Ask for a new one.");
  return row;
}

const consumed = (row: LockedRow): ConsumedLinkToken => ({ id: row.id, userId: row.user_id, email: row.email, data: row.data ?? {} });

/** Uses a link token once: the row is locked, checked (unknown 404, used or expired 410) and marked used. */
export async function consumeLinkToken(tx: Tx, purpose: LinkTokenPurpose, rawToken: string): Promise<ConsumedLinkToken> {
  const row = await lockLinkToken(tx, purpose, rawToken);
  await tx.linkToken.update({ where: { id: row.id }, data: { usedAt: now() } });
  return consumed(row);
}

/** Checks a link token without using it (to show the page behind the link); same errors as consumeLinkToken. */
export async function peekLinkToken(tx: Tx, purpose: LinkTokenPurpose, rawToken: string): Promise<ConsumedLinkToken> {
  return consumed(await lockLinkToken(tx, purpose, rawToken));
}
