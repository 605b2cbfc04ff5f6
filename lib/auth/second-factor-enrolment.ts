import "server-only";
// R16.3 Settings › Security: enrol (a new secret shown as a QR code and as text), confirm with a first
// code (then two-step verification is on and 10 recovery codes are shown once), regenerate the
// recovery codes, turn it off. Admins must keep it on.
import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { APP_NAME } from "@/lib/config/brand";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import { ACCOUNT_EMAIL_KIND, enqueueEmail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { portalOrigin } from "@/lib/config/origin";
import { recordAudit } from "@/lib/audit/record-audit";
import { decryptTotpSecret, encryptTotpSecret } from "./second-factor-secret";
import { hashRecoveryCode, requireSecondFactor, SECOND_FACTOR_LIMIT } from "./second-factor";
import { matchTotpStep, newTotpSecret, totpUri } from "./totp";

export const RECOVERY_CODE_COUNT = 10;
const WRONG_MESSAGE = "That code is not right. Check the time on your phone and try the newest code.";

export interface SecondFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** R16.3: admins cannot turn it off */
  required: boolean;
}

export interface Enrolment {
  secret: string;
  uri: string;
  /** the QR code as an SVG data URL, drawn on the server */
  qrDataUrl: string;
}

export async function secondFactorStatus(user: { id: string; role: Role }): Promise<SecondFactorStatus> {
  const [factor, left] = await Promise.all([
    db().secondFactor.findUnique({ where: { userId: user.id }, select: { enabledAt: true } }),
    db().recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
  ]);
  const enabledAt = factor?.enabledAt ?? null;
  return { enabled: Boolean(enabledAt), enabledAt: enabledAt?.toISOString() ?? null, recoveryCodesLeft: enabledAt ? left : 0, required: user.role === "ADMIN" };
}

async function enrolmentOf(secret: string, email: string): Promise<Enrolment> {
  const uri = totpUri(secret, email, APP_NAME);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/**
 * A new secret waiting for its first code (an earlier unconfirmed one is replaced). 409 when two-step
 * verification is already on: turn it off first. `secret` is for the demo seed only (a published one).
 */
export async function startEnrolment(user: { id: string; email: string }, at: Date, secret = newTotpSecret()): Promise<Enrolment> {
  await db().$transaction(async (tx) => {
    const existing = await tx.secondFactor.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
    if (existing?.enabledAt) throw new ApiError("conflict", "Two-step verification is already on. Turn it off first to set up a new app.");
    const secretEncrypted = encryptTotpSecret(secret);
    await tx.secondFactor.upsert({
      where: { userId: user.id },
      create: { userId: user.id, secretEncrypted, createdAt: at },
      update: { secretEncrypted, createdAt: at, lastUsedStep: null },
    });
  });
  return enrolmentOf(secret, user.email);
}

/** Ten fresh codes ("xxxxx-xxxxx", lowercase letters and digits), replacing the old ones; only hashes are kept. */
async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<string[]> {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: at })) });
  return codes;
}

const CHANGES = {
  on: { subject: "Two-step verification is on", paragraph: "Two-step verification was turned on for your account. Signing in, withdrawing and changing payout methods now ask for a code from your authenticator app." },
  codes: { subject: "New recovery codes", paragraph: "New recovery codes were made for your account. The codes you had before no longer work." },
  off: { subject: "Two-step verification is off", paragraph: "Two-step verification was turned off for your account. Signing in now asks for your password only." },
  reset: {
    subject: "An admin reset your two-step verification",
    paragraph: "An admin of your portal turned two-step verification off for your account and signed you out everywhere; your recovery codes no longer work. Sign in with your password and set it up again in Settings › Security.",
  },
} as const;

export type SecondFactorChange = keyof typeof CHANGES;

// R16.3 what each change leaves in the audit log: whether it is on and how many recovery codes are
// kept, never the secret or the codes themselves.
const AUDITED: Record<SecondFactorChange, { action: string; before: Record<string, unknown>; after: Record<string, unknown> }> = {
  on: { action: "user.second_factor_on", before: { secondFactor: false }, after: { secondFactor: true, recoveryCodes: RECOVERY_CODE_COUNT } },
  codes: { action: "user.recovery_codes_renewed", before: { secondFactor: true }, after: { secondFactor: true, recoveryCodes: RECOVERY_CODE_COUNT } },
  off: { action: "user.second_factor_off", before: { secondFactor: true }, after: { secondFactor: false, recoveryCodes: 0 } },
  reset: { action: "user.second_factor_reset", before: { secondFactor: true }, after: { secondFactor: false, recoveryCodes: 0, signedOut: true } },
};

/**
 * Choice: every change to two-step verification is announced by email (an account email, never
 * unsubscribable), in the same transaction, so that someone who did not make it learns of it at once.
 */
async function announce(tx: Prisma.TransactionClient, userId: string, change: SecondFactorChange): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const { subject, paragraph } = CHANGES[change];
  const content = renderEmail({
    heading: subject,
    paragraphs: [paragraph, "If this was not you, change your password at once and write to your portal's admin."],
    action: { label: "Open Settings › Security", url: `${portalOrigin()}/settings/security` },
  });
  await enqueueEmail(tx, { to: user.email, userId, kind: ACCOUNT_EMAIL_KIND, subject, ...content });
}

/** A change to `userId`'s two-step verification, made by `actorId` (themselves or an admin): mailed and audited, in `tx`. */
export async function recordSecondFactorChange(tx: Prisma.TransactionClient, change: SecondFactorChange, who: { actorId: string; userId: string }, at: Date): Promise<void> {
  await announce(tx, who.userId, change);
  const { action, before, after } = AUDITED[change];
  await recordAudit(tx, { actorId: who.actorId, action, entityType: "user", entityId: who.userId, before, after, at });
}

/** The first code from the app turns two-step verification on; answers the 10 recovery codes, shown once. */
export async function confirmEnrolment(userId: string, code: string, at: Date): Promise<{ recoveryCodes: string[] }> {
  const limit = { key: `second-factor:user:${userId}`, limit: SECOND_FACTOR_LIMIT.failures, windowMs: SECOND_FACTOR_LIMIT.windowMs };
  let recoveryCodes: string[] = [];
  const ok = await limitedAttempt([limit], at, (s) => `Too many wrong codes. Try again in ${Math.ceil(s / 60)} minute(s).`, () =>
    db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ secret_encrypted: string; enabled_at: Date | null }[]>`
        SELECT secret_encrypted, enabled_at FROM second_factors WHERE user_id = ${userId}::uuid FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new ApiError("conflict", "Start the set-up first: no authenticator app is waiting for a code.");
      if (row.enabled_at) throw new ApiError("conflict", "Two-step verification is already on.");
      const step = matchTotpStep(decryptTotpSecret(row.secret_encrypted), code.replace(/\s/g, ""), Date.now());
      if (step === null) return false;
      await tx.secondFactor.update({ where: { userId }, data: { enabledAt: at, lastUsedStep: BigInt(step) } });
      recoveryCodes = await replaceRecoveryCodes(tx, userId, at);
      await recordSecondFactorChange(tx, "on", { actorId: userId, userId }, at);
      return true;
    }),
  );
  if (!ok) throw new ApiError("second_factor_invalid", WRONG_MESSAGE, { fields: { code: WRONG_MESSAGE } });
  return { recoveryCodes };
}

/** New recovery codes (the old ones stop working), after a code. */
export async function regenerateRecoveryCodes(userId: string, code: string | undefined, at: Date): Promise<{ recoveryCodes: string[] }> {
  return db().$transaction(async (tx) => {
    const on = await tx.secondFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
    if (!on?.enabledAt) throw new ApiError("conflict", "Two-step verification is off: there are no recovery codes.");
    await requireSecondFactor(tx, userId, code);
    const recoveryCodes = await replaceRecoveryCodes(tx, userId, at);
    await recordSecondFactorChange(tx, "codes", { actorId: userId, userId }, at);
    return { recoveryCodes };
  });
}

/** Turns two-step verification off after a code. R16.3: refused to admins (403). */
export async function turnOffSecondFactor(user: { id: string; role: Role }, code: string | undefined, at: Date): Promise<void> {
  if (user.role === "ADMIN") throw new ApiError("forbidden", "Two-step verification is required for admins and cannot be turned off.");
  await db().$transaction(async (tx) => {
    await requireSecondFactor(tx, user.id, code);
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const removed = await tx.secondFactor.deleteMany({ where: { userId: user.id, enabledAt: { not: null } } });
    await tx.secondFactor.deleteMany({ where: { userId: user.id } }); // an enrolment never confirmed
    if (removed.count > 0) await recordSecondFactorChange(tx, "off", { actorId: user.id, userId: user.id }, at);
  });
}
