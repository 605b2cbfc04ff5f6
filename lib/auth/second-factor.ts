import "server-only";
// R16.3 the code asked of a user with two-step verification on: at sign-in, before a withdrawal and
// before a payout-method change. A TOTP code works once (its time step is remembered, a code of that
// step or an earlier one is refused) and so does each recovery code.
// Choice: 5 wrong codes per user in a sliding 15 minutes, then 429 with Retry-After until they age out,
// counted apart from passwords and outside the caller's transaction (a refusal rolls that back).
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { now } from "@/lib/clock";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import { decryptTotpSecret } from "./second-factor-secret";
import { matchTotpStep } from "./totp";

type Client = Prisma.TransactionClient | PrismaClient;

export const SECOND_FACTOR_LIMIT = { failures: 5, windowMs: 15 * 60_000 } as const;
const REQUIRED_MESSAGE = "Enter the 6-digit code from your authenticator app, or a recovery code.";
const WRONG_MESSAGE = "That code is not right. Check your authenticator app and try again.";
const REPLAYED_MESSAGE = "That code was just used. Wait for the next one in your authenticator app.";

/** A recovery code as typed ("abcde-12345", "ABCDE 12345") to its stored form. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

interface FactorRow {
  secret_encrypted: string;
  last_used_step: bigint | null;
}

type Outcome = "ok" | "wrong" | "replayed";

/** Checks `code` against the (locked) factor of `userId` and uses it up when it is right. */
async function useCode(tx: Prisma.TransactionClient, userId: string, row: FactorRow, code: string, at: Date): Promise<Outcome> {
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) {
    let secret: string;
    try {
      secret = decryptTotpSecret(row.secret_encrypted);
    } catch {
      // Choice: a secret that no longer decrypts (AUTH_SECRET changed) matches no code; recovery codes still work
      console.error(`[second-factor] the TOTP secret of user ${userId} cannot be read; was AUTH_SECRET changed?`);
      return "wrong";
    }
    // Choice: TOTP codes follow the real clock, as the phone's authenticator app does, not the portal's test clock.
    const realMs = Date.now();
    const last = row.last_used_step === null ? null : Number(row.last_used_step);
    const step = matchTotpStep(secret, digits, realMs, last);
    if (step === null) return matchTotpStep(secret, digits, realMs) === null ? "wrong" : "replayed";
    await tx.secondFactor.update({ where: { userId }, data: { lastUsedStep: BigInt(step) } });
    return "ok";
  }
  const used = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: at },
  });
  return used.count === 1 ? "ok" : "wrong";
}

async function withTransaction<T>(client: Client, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return "$transaction" in client ? client.$transaction(fn) : fn(client);
}

/** requireSecondFactor on its own transaction: withdrawals and payout-method changes ask it first. */
export function confirmSecondFactor(userId: string, code: string | undefined): Promise<void> {
  return requireSecondFactor(db(), userId, code);
}

/** Whether `userId` has two-step verification on. */
export async function hasSecondFactor(client: Client, userId: string): Promise<boolean> {
  const row = await client.secondFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

/**
 * Does nothing when two-step verification is off for `userId`; otherwise 401 `second_factor_required`
 * without a code, 422 `second_factor_invalid` (fields.code) for a wrong, replayed or used one, 429 past
 * the limit. A good code is used up in `client`'s transaction (the factor's row is locked meanwhile).
 */
export async function requireSecondFactor(client: Client, userId: string, code: string | undefined): Promise<void> {
  await withTransaction(client, async (tx) => {
    const rows = await tx.$queryRaw<FactorRow[]>`
      SELECT secret_encrypted, last_used_step FROM second_factors
      WHERE user_id = ${userId}::uuid AND enabled_at IS NOT NULL FOR UPDATE`;
    const row = rows[0];
    if (!row) return;
    const given = code?.trim() ?? "";
    if (!given) throw new ApiError("second_factor_required", REQUIRED_MESSAGE, { fields: { code: REQUIRED_MESSAGE } });
    const at = now();
    const limit = { key: `second-factor:user:${userId}`, limit: SECOND_FACTOR_LIMIT.failures, windowMs: SECOND_FACTOR_LIMIT.windowMs };
    let outcome = "wrong" as Outcome;
    // limitedAttempt counts on its own connection, so the failure stays counted when this transaction rolls back.
    await limitedAttempt([limit], at, (s) => `Too many wrong codes. Try again in ${Math.ceil(s / 60)} minute(s).`, async () => {
      outcome = await useCode(tx, userId, row, given, at);
      return outcome === "ok";
    });
    if (outcome === "replayed") throw new ApiError("second_factor_invalid", REPLAYED_MESSAGE, { fields: { code: REPLAYED_MESSAGE } });
    if (outcome === "wrong") throw new ApiError("second_factor_invalid", WRONG_MESSAGE, { fields: { code: WRONG_MESSAGE } });
  });
}

