// GET /api/billing-methods - the client's billing methods (R14.1)
// POST /api/billing-methods - add one: { kind: "CARD", cardNumber, expiry: "MM/YY", cvc } or
//   { kind: "BANK_ACCOUNT", accountHolder, routingNumber, accountNumber }; the full number goes to the
//   payment provider, only its token and last 4 are kept. A card is VERIFIED at once or waits for a
//   step-up challenge (CHALLENGE_REQUIRED); a bank account waits for its micro-deposits. With two-step
//   verification on, { code } as well (R16.3).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/app/api/_lib/handler";
import { addBillingMethod, listBillingMethods } from "@/lib/client-billing/methods";
import { addBillingMethodSchema } from "@/lib/validation/billing-methods";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ methods: await listBillingMethods(user) }), { roles: ["CLIENT"] });

export const POST = withSession(
  async (req, { user }) => {
    const at = now();
    const input = addBillingMethodSchema(at).parse(await readJson(req)); // card expiry is checked against the clock
    return NextResponse.json({ method: await addBillingMethod(user, input, at) }, { status: 201 });
  },
  { roles: ["CLIENT"] },
);
