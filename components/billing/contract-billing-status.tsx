// R5 / R14.3 / R14.4 what a freelancer sees of their client's billing on a contract page and in the Work
// Diary's header: whether the client's payment is verified (Hourly Protection needs it), and for each unpaid
// week what is protected (it matures on schedule whatever the client does) and what waits for the payment.
// The figures are this contract's alone (clientBillingStatus with the contract's id); no card is ever named.
import Link from "next/link";
import type { ClientBillingStatus } from "@/lib/client-billing/charge-views";
import { formatCents } from "@/lib/format/money";

const week = (iso: string) => iso.slice(0, 10);

export function ContractBillingStatus({ status }: { status: ClientBillingStatus }) {
  return (
    <div className="space-y-2" data-testid="client-billing-status">
      <p className="text-sm" data-testid="client-payment-verified" data-verified={status.paymentVerified}>
        {status.paymentVerified ? (
          <span className="rounded bg-brand-50 px-2 py-0.5 text-brand-700">Client&apos;s payment verified</span>
        ) : (
          <span className="rounded bg-amber-50 px-2 py-0.5 text-amber-800">Client&apos;s payment not verified: Hourly Protection does not cover this time yet</span>
        )}
      </p>
      {status.unpaidWeeks.length > 0 && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="unpaid-weeks">
          {status.pastDue && <p className="font-medium">The client is past due: this contract is paused until they pay.</p>}
          <ul className="space-y-1">
            {status.unpaidWeeks.map((w) => (
              <li key={w.chargeId} data-testid="unpaid-week" data-week={week(w.weekStart)}>
                <span className="font-medium">Week of {week(w.weekStart)} unpaid</span>: the client&apos;s charge failed.
                {w.protectedNetCents !== undefined && w.heldNetCents !== undefined ? (
                  <>
                    {" "}<span data-testid="unpaid-week-protected">{formatCents(w.protectedNetCents)} protected</span> (Hourly Protection pays it on schedule);{" "}
                    <span data-testid="unpaid-week-held">{formatCents(w.heldNetCents)} waiting</span> for the client&apos;s payment.
                  </>
                ) : (
                  " Your earnings of that week follow the usual schedule."
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** R14.3 the client's own banner (Home and contract pages): a failed or past-due charge, and where to pay it. */
export function ClientBillingBanner({ status }: { status: ClientBillingStatus }) {
  if (status.unpaidWeeks.length === 0) return null;
  const weeks = status.unpaidWeeks.map((w) => week(w.weekStart)).join(", ");
  return (
    <div role="alert" className={`rounded border p-3 text-sm ${status.pastDue ? "border-red-300 bg-red-50 text-red-900" : "border-amber-300 bg-amber-50 text-amber-900"}`} data-testid="billing-banner" data-past-due={status.pastDue}>
      <p>
        {status.pastDue
          ? <><span className="font-medium">Your payment is past due</span> (week of {weeks}): your contracts are paused until it is paid.</>
          : <><span className="font-medium">A weekly charge failed</span> (week of {weeks}). It is retried automatically; you can also pay it now.</>}{" "}
        <Link href="/settings/billing" className="font-medium underline">Pay in Settings › Billing</Link>
      </p>
    </div>
  );
}
