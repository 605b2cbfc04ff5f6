import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { LedgerAccountKind } from "@/lib/generated/prisma/enums";

export interface AccountBalance {
  kind: LedgerAccountKind;
  balanceCents: string;
}

/** The user's own ledger accounts; balances as decimal strings (BigInt-safe JSON). */
export async function listBalances(user: CurrentUser): Promise<AccountBalance[]> {
  const rows = await db().ledgerAccount.findMany({ where: { ownerId: user.id }, orderBy: { kind: "asc" } });
  return rows.map((a) => ({ kind: a.kind, balanceCents: a.balanceCents.toString() }));
}
