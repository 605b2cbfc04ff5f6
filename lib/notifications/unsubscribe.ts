import "server-only";
// R16.4 "unless they turned that kind off": the one-click link of a notification email turns that
// kind's email off for the user it was sent to. The signed token is the credential (no sign-in).
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
// In lib/notifications, not lib/mail: notifications send mail (lib/mail/outbox.ts), so lib/mail never imports them (lib/folder-cycles.test.ts).
import { readUnsubscribeToken } from "@/lib/mail/unsubscribe-token";
import { isNotificationKind, KIND_LABELS, type NotificationKind } from "./kinds";
import { setEmailPreference } from "./preferences";

export interface UnsubscribeTarget {
  userId: string;
  kind: NotificationKind;
  label: string;
  /** the address the emails went to, partly hidden (the page may be open on a shared screen) */
  email: string;
}

/** The user and kind a link names: 400 without a token, 404 for a forged one or a user that is gone. */
export async function readUnsubscribeLink(token: string | null | undefined): Promise<UnsubscribeTarget> {
  if (!token) throw new ApiError("bad_request", "This unsubscribe link is incomplete. Open the whole link from the email.");
  const target = readUnsubscribeToken(token);
  if (!target || !isNotificationKind(target.kind)) throw new ApiError("not_found", "This unsubscribe link is not valid.");
  const user = await db().user.findUnique({ where: { id: target.userId }, select: { email: true } });
  if (!user) throw new ApiError("not_found", "This unsubscribe link is not valid.");
  return { userId: target.userId, kind: target.kind, label: KIND_LABELS[target.kind], email: maskEmail(user.email) };
}

/** Turns the kind's email off. Choice: using the link again is no error (it stays off); Settings › Notifications turns it back on. */
export async function unsubscribe(token: string | null | undefined): Promise<UnsubscribeTarget> {
  const target = await readUnsubscribeLink(token);
  await setEmailPreference(target.userId, target.kind, false);
  return target;
}

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 2)}${"•".repeat(Math.max(1, local.length - 2))}@${domain}`;
}
