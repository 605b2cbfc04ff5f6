// The sandbox payment provider's test numbers, shown on Settings › Billing while it is active
// (Stripe's test numbers, so people recognise them). Rendered on the server.
import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from "@/lib/client-billing/sandbox-provider";

export function SandboxNote() {
  return (
    <aside aria-label="Sandbox" className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 className="font-semibold">Sandbox</h2>
      <p className="mt-1">No real money moves: the sandbox payment provider is active. Use these test numbers, with any future expiry and any 3-digit CVC.</p>
      <ul className="mt-2 space-y-0.5">
        {SANDBOX_TEST_CARDS.map((c) => (
          <li key={c.number}><span className="font-mono">{c.number}</span> — {c.effect}</li>
        ))}
        <li>
          Bank account: routing <span className="font-mono">{SANDBOX_BANK.routingNumber}</span>, account <span className="font-mono">{SANDBOX_BANK.accountNumber}</span>; the micro-deposits are{" "}
          <span className="font-mono">{SANDBOX_BANK.microdeposits[0]}</span> and <span className="font-mono">{SANDBOX_BANK.microdeposits[1]}</span> cents.
        </li>
      </ul>
    </aside>
  );
}
