"use client";
import { useState } from "react";
import { isPayoutMethodUsable, payoutFeeCents } from "@/lib/billing";
import { formatCents } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { usePayoutMethods, useRemovePayoutMethod, useSetDefaultPayoutMethod, type PayoutMethodView } from "@/lib/queries/get-paid";
import { AddPayoutMethodForm } from "./add-payout-method-form";
import { dateTime, KIND_LABEL } from "@/lib/payouts/display";
import { useConfirm } from "@/components/confirm-dialog";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";

/** R10.1 the freelancer's payout methods: add, remove, make default; each shows its 3-day hold. */
export function PayoutMethodList({ initial, now, timeZone }: { initial: PayoutMethodView[]; now: Date; timeZone: string }) {
  const methods = usePayoutMethods(initial);
  const setDefault = useSetDefaultPayoutMethod();
  const remove = useRemovePayoutMethod();
  const [adding, setAdding] = useState(false);
  const [confirm, confirmDialog] = useConfirm();
  const list = methods.data ?? [];
  const failure = setDefault.error ?? remove.error;
  // R16.3 once an answer asks for a code, its field stays above the list and every change sends it
  const [code, setCode] = useState("");
  const needsCode = asksForCode(failure) || code !== "";
  const withCode = { ...(needsCode ? { code } : {}) };

  return (
    <div className="space-y-4">
      {methods.isError && !methods.data && (
        <p role="alert" className="text-red-700">Could not load your payout methods. <button className="underline" onClick={() => methods.refetch()}>Retry</button></p>
      )}
      {methods.data && list.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No payout methods yet.</p>}
      {list.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white" aria-label="Payout methods">
          {list.map((m) => {
            const held = !isPayoutMethodUsable(new Date(m.createdAt), now);
            return (
              <li key={m.id} data-testid="payout-method" className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                <span className="font-medium">{m.label}</span>
                <span className="text-sm text-slate-600">{KIND_LABEL[m.kind]} · {m.description}</span>
                <span className="text-sm text-slate-500">fee {formatCents(payoutFeeCents(m.kind))}</span>
                {m.isDefault && <span className="rounded bg-brand-100 px-2 py-0.5 text-xs text-brand-700">default</span>}
                {held && <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">usable from {dateTime(m.usableFrom, timeZone)}</span>}
                <span className="ml-auto flex gap-2">
                  {!m.isDefault && (
                    <button type="button" disabled={setDefault.isPending} onClick={() => setDefault.mutate({ id: m.id, ...withCode })} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50">
                      Make default
                    </button>
                  )}
                  <button type="button" disabled={remove.isPending}
                    onClick={async () => { if (await confirm({ title: `Remove “${m.label}”?`, body: `Payouts already on their way to it still arrive.${m.isDefault ? " Your oldest other method becomes the default." : ""}`, confirmLabel: "Remove method" })) remove.mutate({ id: m.id, ...withCode }); }}
                    className="rounded border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50">
                    Remove
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {confirmDialog}
      {needsCode && <SecondFactorCodeField id="method-change-code" value={code} onChange={setCode} error={failure instanceof ApiClientError ? failure : null} label="Verification code for this change" />}
      {failure && !(failure instanceof ApiClientError && failure.fields.code) && <p role="alert" className="text-sm text-red-700">{failure instanceof ApiClientError ? failure.message : "Could not change the method. Try again."}</p>}
      {adding ? (
        <AddPayoutMethodForm now={now} onAdded={() => setAdding(false)} />
      ) : (
        <button type="button" onClick={() => setAdding(true)} className="rounded border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
          Add a payout method
        </button>
      )}
    </div>
  );
}
