import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";

export const TOKEN_PREFIX = "hgt_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface CreatedTrackerToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** Shown once; only its hash is stored. */
  token: string;
}

/** A new token and what is stored of it (its hash and first characters); device sign-in mints with it too. */
export function mintTrackerToken(): { token: string; tokenHash: string; prefix: string } {
  // 32 random bytes = 256 bits; sha256 suffices to store a token this random.
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export async function createTrackerToken(user: CurrentUser, name: string, now: Date): Promise<CreatedTrackerToken> {
  if (user.role !== "FREELANCER") throw new ApiError("forbidden", "Only freelancers run the tracker.");
  const { token, tokenHash, prefix } = mintTrackerToken();
  const row = await db().trackerToken.create({ data: { userId: user.id, name, tokenHash, prefix, createdAt: now } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, token };
}
