"use client";
// R14.3 "Pay now" for a failed or past-due charge: charged at once on the default method. With
// two-step verification on, the first answer asks for the code and the button's form shows its
// field (R16.3), as Get Paid's withdrawal does.
import { useState, type FormEvent } from "react";
import { formatCents } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { usePayCharge, type ChargeView } from "@/lib/queries/charges";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";

export function PayNowButton({ charge }: { charge: ChargeView }) {
  const pay = usePayCharge();
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const server = pay.error instanceof ApiClientError ? pay.error : null;
  // the charge's own field error ("already paid", "no billing method") or the provider's decline
  const message = pay.error && !server?.fields.code
    ? server
      ? (server.fields.charge ?? server.message)
      : "No answer from the server. Press Pay now again: a charge is never made twice."
    : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    pay.mutate({ id: charge.id, ...(needsCode ? { code } : {}) }, { onError: (error) => { if (asksForCode(error)) setNeedsCode(true); } });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Pay ${charge.referenceId} now`} className="mt-3 space-y-2">
      {needsCode && <SecondFactorCodeField id={`pay-code-${charge.id}`} value={code} onChange={setCode} error={server} />}
      {message && <p role="alert" className="text-sm text-red-700">{message}</p>}
      <button type="submit" disabled={pay.isPending} className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pay.isPending ? "Paying…" : `Pay ${formatCents(charge.amountCents)} now`}
      </button>
    </form>
  );
}
