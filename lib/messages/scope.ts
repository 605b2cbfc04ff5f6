import "server-only";
// Who may do what with a conversation, as Prisma `where` fragments, so every
// query carries the caller's participation and a forgotten check finds nothing.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { contractScope } from "@/lib/contracts/list-contracts";

/**
 * Read: the contract's parties; admins only conversations of disputed contracts (R7.3: the review needs them).
 * Choice: admins read on the dispute's page but never post or keep read state; Messages stays client/freelancer only.
 */
export function readableContracts(user: CurrentUser): Prisma.ContractWhereInput {
  if (user.role === "ADMIN") return { disputes: { some: {} } };
  return contractScope(user);
}

/** Write (send, mark read): only the contract's own client and freelancer. */
export function participatingContracts(user: CurrentUser): Prisma.ContractWhereInput {
  return { OR: [{ clientId: user.id }, { freelancerId: user.id }] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: anything that is not a UUID cannot name a row, so it is simply not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
