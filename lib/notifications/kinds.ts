// R16.4 the kinds of event a user hears about, with what Settings › Notifications calls them.
// Pure: the settings page (a client component) and the services share it.
import { NotificationKind as DbKinds } from "@/lib/generated/prisma/enums";

export type NotificationKind = (typeof DbKinds)[keyof typeof DbKinds];

/** In the schema's order (offers, contracts, money, disputes, payouts, tracker, messages). */
export const NOTIFICATION_KINDS = Object.values(DbKinds);

export const KIND_LABELS: Record<NotificationKind, string> = {
  offer_received: "Offer received",
  offer_answered: "Offer accepted or declined",
  contract_paused: "Contract paused",
  contract_resumed: "Contract resumed",
  contract_ended: "Contract ended",
  invoice_issued: "Weekly invoice",
  charge_failed: "Charge failed",
  earnings_available: "Earnings available",
  dispute_filed: "Dispute filed",
  dispute_answered: "Dispute answered",
  dispute_escalated: "Dispute escalated",
  dispute_settled: "Dispute settled",
  withdrawal_paid: "Withdrawal paid",
  withdrawal_failed: "Withdrawal failed",
  tracker_stopped_idle: "Tracker stopped for inactivity",
  messages_unread: "Unread messages",
  call_missed: "Missed call",
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
