import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { PayoutMethodKind } from "@/lib/generated/prisma/enums";
import { masked } from "@/lib/validation/account-numbers";

export interface PayoutMethodView {
  id: string;
  kind: PayoutMethodKind;
  label: string;
  last4: string;
  /** the public part of the account, e.g. "Routing 021000021 · account ••••6789"; never a full number */
  description: string;
  isDefault: boolean;
  /** R10.1 the end of the 3-day hold */
  usableFrom: string;
  createdAt: string;
}

function describe(kind: PayoutMethodKind, last4: string, details: unknown): string {
  const d = (details && typeof details === "object" ? details : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof d[key] === "string" ? (d[key] as string) : null);
  const parts: string[] = [];
  switch (kind) {
    case "ACH":
      if (text("routingNumber")) parts.push(`Routing ${text("routingNumber")}`);
      parts.push(`account ${masked(last4)}`);
      break;
    case "LOCAL_BANK":
      if (text("bankCode")) parts.push(`${text("country") ?? ""} bank ${text("bankCode")}`.trim());
      parts.push(`account ${masked(last4)}`);
      break;
    case "WIRE":
      if (text("swift")) parts.push(`SWIFT ${text("swift")}`);
      parts.push(`IBAN ${text("ibanCountry") ?? ""}${masked(last4)}`);
      break;
    case "INSTANT_CARD":
      parts.push(`${text("brand") ?? "Card"} ${masked(last4)}`);
      if (text("expiry")) parts.push(`expires ${text("expiry")}`);
      break;
  }
  return parts.join(" · ");
}

export async function listPayoutMethods(user: CurrentUser): Promise<PayoutMethodView[]> {
  const rows = await db().payoutMethod.findMany({ where: { userId: user.id, removedAt: null }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({
    id: m.id, kind: m.kind, label: m.label, last4: m.last4, description: describe(m.kind, m.last4, m.details), isDefault: m.isDefault,
    usableFrom: m.usableFrom.toISOString(), createdAt: m.createdAt.toISOString(),
  }));
}
