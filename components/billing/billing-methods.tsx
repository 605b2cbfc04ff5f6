"use client";
// R14.1 Settings › Billing: the client's cards and bank accounts (brand, ••••last4, status, the
// default), with add, the card's step-up challenge, micro-deposits, make default and remove.
import { useState } from "react";
import { ApiClientError } from "@/lib/queries/api-client";
import { useBillingMethods, useRemoveBillingMethod, useSetDefaultBillingMethod, type BillingMethodView } from "@/lib/queries/billing-methods";
import { useConfirm } from "@/components/confirm-dialog";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";
import { AddBillingMethodForm } from "./add-billing-method-form";
import { ChallengeDialog } from "./challenge-dialog";
import { MicrodepositForm } from "./microdeposit-form";

const STATUS: Record<BillingMethodView["status"], { label: string; className: string }> = {
  VERIFIED: { label: "Verified", className: "bg-emerald-100 text-emerald-800" },
  CHALLENGE_REQUIRED: { label: "Needs your bank's confirmation", className: "bg-amber-100 text-amber-800" },
  MICRODEPOSITS_SENT: { label: "Waiting for micro-deposits", className: "bg-amber-100 text-amber-800" },
  FAILED: { label: "Verification failed", className: "bg-red-100 text-red-800" },
  REMOVED: { label: "Removed", className: "bg-slate-100 text-slate-700" },
};

function describe(m: BillingMethodView): string {
  const name = m.brand ?? (m.kind === "CARD" ? "Card" : "Bank account");
  const expiry = m.expMonth && m.expYear ? ` · expires ${String(m.expMonth).padStart(2, "0")}/${String(m.expYear).slice(2)}` : "";
  return `${name} ••••${m.last4}${expiry}`;
}

export function BillingMethods({ initial, now }: { initial: BillingMethodView[]; now: string }) {
  const methods = useBillingMethods(initial);
  const setDefault = useSetDefaultBillingMethod();
  const remove = useRemoveBillingMethod();
  const [adding, setAdding] = useState(false);
  const [challenging, setChallenging] = useState<BillingMethodView | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const list = methods.data ?? [];
  const failure = setDefault.error ?? remove.error;
  // R16.3 once an answer asks for a code, its field stays above the list and every change sends it
  const [code, setCode] = useState("");
  const needsCode = asksForCode(failure) || code !== "";
  const withCode = needsCode ? { code } : {};
  const failureText = failure instanceof ApiClientError ? (failure.fields.method ?? failure.fields.isDefault ?? failure.message) : failure ? "Could not change the method. Try again." : null;

  return (
    <div className="space-y-4">
      {methods.isPending && <p className="text-sm text-slate-600">Loading billing methods…</p>}
      {methods.isError && !methods.data && (
        <p role="alert" className="text-red-700">Could not load your billing methods. <button type="button" className="underline" onClick={() => void methods.refetch()}>Retry</button></p>
      )}
      {methods.data && list.length === 0 && (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600" data-testid="billing-methods-empty">
          No billing methods yet. Add a card or a bank account: your weekly invoices are charged to the default one, and a verified method makes you payment verified, which freelancers look for.
        </p>
      )}
      {list.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white" aria-label="Billing methods">
          {list.map((m) => (
            <li key={m.id} data-testid="billing-method" data-status={m.status} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
              <span className="font-medium">{describe(m)}</span>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS[m.status].className}`} data-testid="billing-method-status">{STATUS[m.status].label}</span>
              {m.isDefault && <span className="rounded bg-brand-100 px-2 py-0.5 text-xs text-brand-700" data-testid="billing-method-default">Default</span>}
              <span className="ml-auto flex gap-2">
                {m.status === "CHALLENGE_REQUIRED" && (
                  <button type="button" onClick={() => setChallenging(m)} className="rounded border border-brand-600 px-3 py-1 text-sm text-brand-700 hover:bg-brand-50">Confirm with your bank</button>
                )}
                {m.status === "VERIFIED" && !m.isDefault && (
                  <button type="button" disabled={setDefault.isPending} onClick={() => setDefault.mutate({ id: m.id, ...withCode })} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50">
                    Make default
                  </button>
                )}
                <button type="button" disabled={remove.isPending} aria-label={`Remove ${describe(m)}`}
                  onClick={async () => {
                    const body = m.isDefault ? "Weekly charges will go to your oldest other verified method, if you have one." : "It will no longer be charged.";
                    if (await confirm({ title: `Remove ${m.brand ?? "method"} ••••${m.last4}?`, body, confirmLabel: "Remove method" })) remove.mutate({ id: m.id, ...withCode });
                  }}
                  className="rounded border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50">
                  Remove
                </button>
              </span>
              {m.status === "MICRODEPOSITS_SENT" && <MicrodepositForm method={m} />}
              {m.status === "FAILED" && <p className="w-full text-sm text-slate-600">This method could not be verified. Remove it, and add it again or add another.</p>}
            </li>
          ))}
        </ul>
      )}
      {confirmDialog}
      {challenging && <ChallengeDialog method={challenging} onClose={() => setChallenging(null)} />}
      {needsCode && <SecondFactorCodeField id="billing-change-code" value={code} onChange={setCode} error={failure instanceof ApiClientError ? failure : null} label="Verification code for this change" />}
      {failureText && !(failure instanceof ApiClientError && failure.fields.code) && <p role="alert" className="text-sm text-red-700">{failureText}</p>}
      {adding ? (
        <AddBillingMethodForm now={new Date(now)} onCancel={() => setAdding(false)}
          onAdded={(method) => { setAdding(false); if (method.status === "CHALLENGE_REQUIRED") setChallenging(method); }} />
      ) : (
        <button type="button" onClick={() => setAdding(true)} className="rounded border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
          Add a card or bank account
        </button>
      )}
    </div>
  );
}
