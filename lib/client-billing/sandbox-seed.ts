// A VERIFIED sandbox card made directly, as the sandbox provider and methods.ts would make it (the
// sandbox's source row, then our method row with only the token and last 4), for the demo seed and
// the integration tests: they need clients whose weekly charges go through, not the add-card flow.
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { cardBrand } from "@/lib/validation/account-numbers";
import { sandboxCardBehaviour } from "./sandbox-provider";

/** R14.1 a verified sandbox card (4242... unless told), the default unless isDefault is false; the client becomes payment verified. */
export async function addVerifiedSandboxCard(
  prisma: PrismaClient,
  clientId: string,
  opts: { number?: string; isDefault?: boolean; at?: Date } = {},
): Promise<{ id: string; token: string }> {
  const number = (opts.number ?? "4242424242424242").replace(/\s/g, "");
  const behaviour = sandboxCardBehaviour(number);
  if (behaviour === undefined || behaviour === "decline_at_add") throw new Error(`${number} is not a sandbox card that can be verified`);
  const isDefault = opts.isDefault ?? true;
  const token = `sbxsrc_${randomBytes(16).toString("base64url")}`;
  const at = opts.at ?? new Date();
  await prisma.sandboxPaymentSource.create({
    data: { token, kind: "card", behaviour, challenge: behaviour === "challenge" ? "completed" : null, microdeposits: [], createdAt: at },
  });
  const method = await prisma.$transaction(async (tx) => {
    if (isDefault) await tx.billingMethod.updateMany({ where: { clientId, isDefault: true }, data: { isDefault: false } });
    return tx.billingMethod.create({
      data: {
        id: randomUUID(), clientId, kind: "CARD", status: "VERIFIED", providerToken: token, last4: number.slice(-4), brand: cardBrand(number),
        expMonth: 12, expYear: at.getUTCFullYear() + 3, isDefault, verifiedAt: at, createdAt: at,
      },
    });
  });
  await prisma.user.updateMany({ where: { id: clientId, paymentVerifiedAt: null }, data: { paymentVerifiedAt: at } });
  return { id: method.id, token };
}
