"use client";
// R14.1 add a card or a US bank account. The fields are checked here with the route's own schema
// (lib/validation/billing-methods), so a bad checksum is named at its field before anything is
// sent; the server checks again. The numbers typed are dropped from the form once it is added.
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/queries/api-client";
import { useAddBillingMethod, type AddBillingMethodBody, type BillingMethodView } from "@/lib/queries/billing-methods";
import { addBillingMethodSchema } from "@/lib/validation/billing-methods";
import { fieldErrors } from "@/lib/validation/payouts";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";
import { Field, inputClass } from "@/components/contracts/field";

type Kind = AddBillingMethodBody["kind"];
type FieldSpec = { name: string; label: string; hint?: string; autoComplete?: string; inputMode?: "numeric" | "text" };

const FIELDS: Record<Kind, FieldSpec[]> = {
  CARD: [
    { name: "cardNumber", label: "Card number", autoComplete: "cc-number", inputMode: "numeric" },
    { name: "expiry", label: "Expiry (MM/YY)", autoComplete: "cc-exp" },
    { name: "cvc", label: "Security code (CVC)", hint: "3 digits on the back, or 4 on the front of an American Express card.", autoComplete: "cc-csc", inputMode: "numeric" },
  ],
  BANK_ACCOUNT: [
    { name: "accountHolder", label: "Account holder", autoComplete: "name" },
    { name: "routingNumber", label: "Routing number", hint: "9 digits, on your checks or in your bank's app.", inputMode: "numeric" },
    { name: "accountNumber", label: "Account number", inputMode: "numeric" },
  ],
};
const KIND_LABEL: Record<Kind, string> = { CARD: "Card", BANK_ACCOUNT: "US bank account" };

export function AddBillingMethodForm({ now, onAdded, onCancel }: { now: Date; onAdded: (method: BillingMethodView) => void; onCancel: () => void }) {
  const add = useAddBillingMethod();
  const [kind, setKind] = useState<Kind>("CARD");
  const [values, setValues] = useState<Record<string, string>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = add.error instanceof ApiClientError ? add.error : null;
  const errors: Record<string, string | undefined> = { ...(server?.fields ?? {}), ...localErrors };
  // R16.3 with two-step verification on, the answer asks for a code: its field appears
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { kind, ...Object.fromEntries(FIELDS[kind].map((f) => [f.name, values[f.name] ?? ""])) } as AddBillingMethodBody;
    const checked = addBillingMethodSchema(now).safeParse(body);
    if (!checked.success) return setLocalErrors(fieldErrors(checked.error));
    setLocalErrors({});
    add.mutate(needsCode ? { ...body, code } : body, {
      onSuccess: (method) => { setValues({}); onAdded(method); },
      onError: (error) => { if (asksForCode(error)) setNeedsCode(true); },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a billing method" className="space-y-4 rounded border border-slate-200 bg-white p-5">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Kind</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {(Object.keys(FIELDS) as Kind[]).map((k) => (
            <label key={k} className={`flex cursor-pointer items-center gap-2 rounded border px-3 py-2 text-sm ${kind === k ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => { setKind(k); setLocalErrors({}); add.reset(); }} />
              <span>{KIND_LABEL[k]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        {FIELDS[kind].map((spec) => (
          <Field key={spec.name} id={`bm-${spec.name}`} label={spec.label} error={errors[spec.name]} hint={spec.hint}>
            <input id={`bm-${spec.name}`} className={inputClass} value={values[spec.name] ?? ""} onChange={(e) => setValues((v) => ({ ...v, [spec.name]: e.target.value }))}
              autoComplete={spec.autoComplete ?? "off"} inputMode={spec.inputMode} spellCheck={false}
              aria-invalid={Boolean(errors[spec.name])} aria-describedby={errors[spec.name] ? `bm-${spec.name}-error` : undefined} />
          </Field>
        ))}
      </div>
      <p className="text-sm text-slate-600">
        {kind === "CARD"
          ? "The card goes to our payment provider; only its last 4 digits are kept here. Your bank may ask you to confirm it."
          : "The account goes to our payment provider; only its last 4 digits are kept here. Two small deposits arrive in 1-2 days: enter them here to verify the account."}
      </p>
      {needsCode && <SecondFactorCodeField id="bm-code" value={code} onChange={setCode} error={server} />}
      {server && !Object.keys(server.fields).length && <p role="alert" className="text-sm text-red-700">{server.message}</p>}
      {add.error && !server && <p role="alert" className="text-sm text-red-700">Could not add the method. Try again.</p>}
      <div className="flex gap-2">
        <button type="submit" disabled={add.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {add.isPending ? "Adding…" : kind === "CARD" ? "Add card" : "Add bank account"}
        </button>
        <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">Cancel</button>
      </div>
    </form>
  );
}
