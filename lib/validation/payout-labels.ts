// How payout method kinds and schedules are named, on Settings > Get Paid and in the schemas' refusals alike.
import type { PayoutMethodKind, PayoutFrequency } from "@/lib/config/rules";

export const KIND_LABEL: Record<PayoutMethodKind, string> = { ACH: "ACH bank transfer", LOCAL_BANK: "Local bank transfer", WIRE: "Wire transfer", INSTANT_CARD: "Instant to card" };

export const FREQUENCY_LABEL: Record<PayoutFrequency, string> = {
  WEEKLY: "Weekly (every Wednesday)",
  TWICE_MONTHLY: "Twice a month (1st and 3rd Wednesday)",
  MONTHLY: "Monthly (last Wednesday)",
  QUARTERLY: "Quarterly (last Wednesday of Mar, Jun, Sep, Dec)",
};
