// R14 client money comes in through the configured payment provider (PAYMENT_PROVIDER); what a
// provider offers is in ./provider-types. No server-only marker: the demo seed and the CLI jobs
// charge bonuses and weeks in plain Node.
import type { PaymentProvider } from "./provider-types";
import { SandboxPaymentProvider } from "./sandbox-provider";

let configured: PaymentProvider | null = null;

/** The provider billing methods are added to and charges made at: the sandbox unless configured otherwise. */
export function paymentProvider(): PaymentProvider {
  if (!configured) {
    const name = process.env.PAYMENT_PROVIDER ?? "sandbox";
    if (name !== "sandbox") throw new Error(`Unknown PAYMENT_PROVIDER "${name}" (only "sandbox" is built in)`);
    configured = new SandboxPaymentProvider();
  }
  return configured;
}

/** Whether the sandbox is the active provider (Settings › Billing then shows its test numbers). */
export function isSandboxProvider(): boolean {
  return paymentProvider().name === "sandbox";
}
