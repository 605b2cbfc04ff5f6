"use client";
// R10.1 add a payout method. The fields of each kind are checked here with the
// route's own schema (lib/validation/payouts), so a mistake is named at its field
// before anything is sent; the server checks again. The number typed is dropped
// from the form's state once the method is added.
import { useState, type FormEvent } from "react";
import { payoutFeeCents } from "@/lib/billing";
import { PAYOUT_METHOD_KINDS, RULES, type PayoutMethodKind } from "@/lib/config/rules";
import { formatCents } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { useAddPayoutMethod } from "@/lib/queries/get-paid";
import { asksForCode, SecondFactorCodeField } from "@/components/second-factor-code-field";
import { addPayoutMethodSchema, fieldErrors, type AddPayoutMethodBody } from "@/lib/validation/payouts";
import { Field, inputClass } from "@/components/contracts/field";
import { KIND_LABEL } from "@/lib/payouts/display";

type FieldSpec = { name: string; label: string; hint?: string; autoComplete?: string; inputMode?: "numeric" | "text" };

const ACCOUNT_FIELDS: Record<PayoutMethodKind, FieldSpec[]> = {
  ACH: [
    { name: "routingNumber", label: "Routing number", hint: "9 digits, on your checks or in your bank's app.", inputMode: "numeric" },
    { name: "accountNumber", label: "Account number", inputMode: "numeric" },
  ],
  LOCAL_BANK: [
    { name: "country", label: "Country", hint: "Two letters, such as PK or IN.", autoComplete: "country" },
    { name: "bankCode", label: "Bank or branch code" },
    { name: "accountNumber", label: "Account number" },
  ],
  WIRE: [
    { name: "iban", label: "IBAN", hint: "Such as DE44 5001 0517 5407 3249 31." },
    { name: "swift", label: "SWIFT/BIC", hint: "8 or 11 characters, such as DEUTDEFF." },
  ],
  INSTANT_CARD: [
    { name: "cardNumber", label: "Card number", autoComplete: "cc-number", inputMode: "numeric" },
    { name: "expiry", label: "Expiry (MM/YY)", autoComplete: "cc-exp" },
  ],
};

export function AddPayoutMethodForm({ now, onAdded }: { now: Date; onAdded?: () => void }) {
  const add = useAddPayoutMethod();
  const [kind, setKind] = useState<PayoutMethodKind>("ACH");
  const [values, setValues] = useState<Record<string, string>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = add.error instanceof ApiClientError ? add.error : null;
  const errors: Record<string, string | undefined> = { ...(server?.fields ?? {}), ...localErrors };
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  // R16.3 with two-step verification on, the answer asks for a code: its field appears
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    // the body as typed (the server normalizes it again); its shape is the kind's, as the schema below checks
    const body = { kind, label: values.label ?? "", accountHolder: values.accountHolder ?? "", ...Object.fromEntries(ACCOUNT_FIELDS[kind].map((f) => [f.name, values[f.name] ?? ""])) } as AddPayoutMethodBody;
    const checked = addPayoutMethodSchema(now).safeParse(body);
    if (!checked.success) return setLocalErrors(fieldErrors(checked.error));
    setLocalErrors({});
    add.mutate(needsCode ? { ...body, code } : body, {
      onSuccess: () => { setValues({}); onAdded?.(); },
      onError: (error) => { if (asksForCode(error)) setNeedsCode(true); },
    });
  }

  const input = (spec: FieldSpec) => (
    <Field key={spec.name} id={`pm-${spec.name}`} label={spec.label} error={errors[spec.name]} hint={spec.hint}>
      <input id={`pm-${spec.name}`} className={inputClass} value={values[spec.name] ?? ""} onChange={(e) => set(spec.name)(e.target.value)}
        autoComplete={spec.autoComplete ?? "off"} inputMode={spec.inputMode} spellCheck={false}
        aria-invalid={Boolean(errors[spec.name])} aria-describedby={errors[spec.name] ? `pm-${spec.name}-error` : undefined} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Add a payout method" className="space-y-4 rounded border border-slate-200 bg-white p-5">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Kind</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {PAYOUT_METHOD_KINDS.map((k) => (
            <label key={k} className={`flex cursor-pointer items-center gap-2 rounded border px-3 py-2 text-sm ${kind === k ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => { setKind(k); setLocalErrors({}); add.reset(); }} />
              <span>{KIND_LABEL[k]}</span>
              <span className="ml-auto text-slate-500">fee {formatCents(payoutFeeCents(k))}</span>
            </label>
          ))}
        </div>
        {errors.kind && <p className="mt-1 text-sm text-red-700">{errors.kind}</p>}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {input({ name: "accountHolder", label: kind === "INSTANT_CARD" ? "Name on the card" : "Account holder", autoComplete: kind === "INSTANT_CARD" ? "cc-name" : "name" })}
        {input({ name: "label", label: "Name for this method (optional)", hint: "Such as “Salary account”. Without one, it is called by its last 4 digits." })}
        {ACCOUNT_FIELDS[kind].map(input)}
      </div>
      <p className="text-sm text-slate-600">For your security a new method can be used {RULES.payouts.newMethodHoldDays} days after it is added. Only its last 4 digits are kept here.</p>
      {needsCode && <SecondFactorCodeField id="pm-code" value={code} onChange={setCode} error={server} />}
      {server && !Object.keys(server.fields).length && <p role="alert" className="text-sm text-red-700">{server.message}</p>}
      {add.error && !server && <p role="alert" className="text-sm text-red-700">Could not add the method. Try again.</p>}
      <button type="submit" disabled={add.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {add.isPending ? "Adding…" : "Add method"}
      </button>
    </form>
  );
}
