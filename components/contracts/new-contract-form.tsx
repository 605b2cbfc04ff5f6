"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useCreateContract } from "@/lib/queries/contracts";
import { ApiClientError } from "@/lib/queries/api-client";
import { FORM_FIELD, checkContractForm, type ContractFormValues } from "@/lib/contracts/contract-form";
import { Field, inputClass } from "./field";

export function NewContractForm({ asAdmin }: { asAdmin: boolean }) {
  const router = useRouter();
  const create = useCreateContract();
  const [form, setForm] = useState<ContractFormValues>({ title: "", clientEmail: "", freelancerEmail: "", rate: "", limit: "", noLimit: false, manual: false, weekly: "", startsAt: "" });
  // After the first attempt every field is checked as it changes, so an error goes away as soon as its field is fixed.
  const [attempted, setAttempted] = useState(false);
  // The server's answer about a field (e.g. no such freelancer) holds until that field changes.
  const [editedSinceServer, setEditedSinceServer] = useState<ReadonlySet<string>>(new Set());
  const server = create.error instanceof ApiClientError ? create.error : null;
  const checked = checkContractForm(form, asAdmin);
  const local: Record<string, string> = attempted && !checked.ok ? checked.errors : {};
  const serverFields = Object.fromEntries(Object.entries(server?.fields ?? {}).filter(([k]) => !editedSinceServer.has(k)));
  const errors: Record<string, string | undefined> = { ...serverFields, ...local };
  const set = (key: keyof ContractFormValues) => (value: string | boolean) => {
    setForm((f) => ({ ...f, [key]: value }));
    setEditedSinceServer((s) => new Set(s).add(FORM_FIELD[key]));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) return;
    setEditedSinceServer(new Set());
    create.mutate(checked.input, { onSuccess: ({ id }) => router.push(`/contracts/${id}`) });
  }

  const invalid = (k: string) => ({ "aria-invalid": Boolean(errors[k]), "aria-describedby": errors[k] ? `${k}-error` : undefined });
  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-4 rounded border border-slate-200 bg-white p-5">
      <Field id="title" label="Title" error={errors.title}>
        <input id="title" className={inputClass} value={form.title} onChange={(e) => set("title")(e.target.value)} {...invalid("title")} />
      </Field>
      {asAdmin && (
        <Field id="clientEmail" label="Client's email" error={errors.clientEmail}>
          <input id="clientEmail" type="email" className={inputClass} value={form.clientEmail} onChange={(e) => set("clientEmail")(e.target.value)} {...invalid("clientEmail")} />
        </Field>
      )}
      <Field id="freelancerEmail" label="Freelancer's email" error={errors.freelancerEmail}>
        <input id="freelancerEmail" type="email" className={inputClass} value={form.freelancerEmail} onChange={(e) => set("freelancerEmail")(e.target.value)} {...invalid("freelancerEmail")} />
      </Field>
      <Field id="hourlyRateCents" label="Hourly rate (USD)" error={errors.hourlyRateCents}>
        <input id="hourlyRateCents" inputMode="decimal" className={inputClass} value={form.rate} onChange={(e) => set("rate")(e.target.value)} {...invalid("hourlyRateCents")} />
      </Field>
      <Field id="weeklyLimitHours" label="Weekly limit (hours)" error={errors.weeklyLimitHours} hint="0 means no hourly billing, for weekly-payment-only contracts.">
        <div className="flex items-center gap-3">
          <input id="weeklyLimitHours" inputMode="numeric" disabled={form.noLimit} className={inputClass} value={form.limit} onChange={(e) => set("limit")(e.target.value)} {...invalid("weeklyLimitHours")} />
          <label className="flex shrink-0 items-center gap-2 text-sm"><input type="checkbox" checked={form.noLimit} onChange={(e) => set("noLimit")(e.target.checked)} /> No limit</label>
        </div>
      </Field>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={form.manual} onChange={(e) => set("manual")(e.target.checked)} /> Allow manual time</label>
      <details className="rounded border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium">Advanced Options</summary>
        <div className="mt-3 space-y-4">
          <Field id="weeklyPaymentCents" label="Weekly payment (USD)" error={errors.weeklyPaymentCents} hint="Paid at every weekly close. It cannot be changed later: changing it means ending the contract and hiring again.">
            <input id="weeklyPaymentCents" inputMode="decimal" className={inputClass} value={form.weekly} onChange={(e) => set("weekly")(e.target.value)} {...invalid("weeklyPaymentCents")} />
          </Field>
          <Field id="startsAt" label="Start date" error={errors.startsAt} hint="Today when empty.">
            <input id="startsAt" type="date" className={inputClass} value={form.startsAt} onChange={(e) => set("startsAt")(e.target.value)} {...invalid("startsAt")} />
          </Field>
        </div>
      </details>
      {server && !Object.keys(server.fields).length && <p role="alert" className="text-sm text-red-700">{server.message}</p>}
      <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {create.isPending ? "Sending offer…" : "Send offer"}
      </button>
    </form>
  );
}
