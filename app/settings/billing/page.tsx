import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listBillingMethods } from "@/lib/client-billing/methods";
import { isSandboxProvider } from "@/lib/client-billing/provider";
import { BillingMethods } from "@/components/billing/billing-methods";
import { ChargesList } from "@/components/billing/charges-list";
import { SandboxNote } from "@/components/billing/sandbox-note";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Billing" };

// R14 Settings › Billing (clients): the cards and bank accounts weekly invoices are charged to
// (R14.1), and the charges with their invoices and attempts (R14.3).
export default async function BillingPage() {
  const user = await requirePageUser(["CLIENT"]);
  const methods = await listBillingMethods(user);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Billing</h1>
        <p className="text-slate-600">Each week&apos;s invoices are charged once, at the weekly close, to your default method.</p>
      </div>
      {isSandboxProvider() && <SandboxNote />}
      <section aria-labelledby="billing-methods-heading" className="space-y-3">
        <h2 id="billing-methods-heading" className="text-lg font-semibold">Billing methods</h2>
        <BillingMethods initial={methods} now={now().toISOString()} />
      </section>
      <section aria-labelledby="charges-heading" className="space-y-3">
        <h2 id="charges-heading" className="text-lg font-semibold">Charges</h2>
        <ChargesList timeZone={user.timezone} />
      </section>
    </div>
  );
}
