"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { ContractDetail } from "@/lib/contracts/get-contract";
import type { StatusAction } from "@/lib/contracts/change-status";
import { STATUS_LABEL, wasAccepted } from "@/lib/contracts/status";
import { useChangeTerms, useContract, useContractAction, useRehire } from "@/lib/queries/contracts";
import { useLiveDisputes } from "@/lib/queries/disputes";
import { ApiClientError } from "@/lib/queries/api-client";
import { centsToInput, formatCents, parseDollars } from "@/lib/format/money";
import { Field, inputClass } from "./field";
import { BonusSection } from "./bonus-form";
import { useConfirm, type ConfirmRequest } from "@/components/confirm-dialog";

const ACTION_LABEL: Record<StatusAction, string> = {
  accept: "Accept offer", decline: "Decline offer", withdraw: "Withdraw offer", pause: "Pause", resume: "Resume", end: "End contract",
};
const DESTRUCTIVE: ReadonlyArray<StatusAction> = ["decline", "withdraw", "end"];
const CONFIRM: Partial<Record<StatusAction, ConfirmRequest>> = {
  end: { title: "End this contract?", body: "Tracking stops now; the last week is billed and prorated at the next close.", confirmLabel: "End contract" },
  decline: { title: "Decline this offer?", body: "The client is told, and the offer cannot be accepted afterwards.", confirmLabel: "Decline offer" },
  withdraw: { title: "Withdraw this offer?", body: "The freelancer can no longer accept it; send a new offer to hire them.", confirmLabel: "Withdraw offer" },
  pause: { title: "Pause this contract?", body: "The freelancer cannot track or add time until you resume it.", confirmLabel: "Pause contract" },
};

function errorText(error: unknown): string | null {
  if (!error) return null;
  return error instanceof ApiClientError ? error.message : "Something went wrong. Try again.";
}

export interface ContractViewer {
  isClient: boolean;
  isAdmin: boolean;
}

export function ContractDetailView({ initial, viewer, bonusOpen }: { initial: ContractDetail; viewer: ContractViewer; bonusOpen: boolean }) {
  // A dispute pauses and resumes the contract (R7.2): its events refetch this page.
  useLiveDisputes();
  const { data: c } = useContract(initial.id, initial);
  const action = useContractAction(initial.id);
  const terms = useChangeTerms(initial.id);
  const [limit, setLimit] = useState(c.weeklyLimit.nowHours === null ? "" : String(c.weeklyLimit.nowHours));
  const [showRehire, setShowRehire] = useState(false);
  const [confirm, confirmDialog] = useConfirm();

  // The server lists what this viewer may do now: Accept/Decline or Withdraw on an offer, End for either side,
  // Pause/Resume for the client (no Resume while a dispute holds the pause, R7.2).
  const actions = c.can.actions;
  const accepted = wasAccepted(c.status);

  async function run(a: keyof typeof ACTION_LABEL) {
    const question = CONFIRM[a];
    if (question && !(await confirm(question))) return;
    action.mutate(a);
  }

  function saveLimit(event: FormEvent) {
    event.preventDefault();
    terms.mutate({ weeklyLimitHours: limit.trim() === "" ? null : Number(limit) });
  }

  const termsError = terms.error instanceof ApiClientError ? (terms.error.fields.weeklyLimitHours ?? terms.error.message) : errorText(terms.error);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{c.title}</h1>
        <span data-testid="contract-status" className="rounded bg-slate-100 px-2 py-0.5 text-sm">{STATUS_LABEL[c.status]}</span>
        {c.pausedByDispute && <span className="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-800">paused by a dispute</span>}
      </div>
      {/* R14.3 no Resume: the contract resumes when the client pays */}
      {c.pausedForPastDue && (
        <p data-testid="past-due-pause" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Paused: the client&apos;s payment is past due.{viewer.isClient ? <> It resumes once you pay in <Link className="underline" href="/settings/billing">Settings › Billing</Link>.</> : " It resumes once the client pays."}
        </p>
      )}
      {!c.clientPaymentVerified && (accepted || c.status === "OFFER") && <UnprotectedNotice viewerIsClient={viewer.isClient} />}
      {c.replacedById && <p className="text-sm">Replaced by <Link className="text-brand-700 underline" href={`/contracts/${c.replacedById}`}>a new contract</Link>.</p>}
      {c.replacesId && <p className="text-sm">Replaces <Link className="text-brand-700 underline" href={`/contracts/${c.replacesId}`}>an earlier contract</Link>.</p>}

      <dl className="grid grid-cols-2 gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <div><dt className="text-sm text-slate-500">Client</dt><dd>{c.client.name}</dd></div>
        <div><dt className="text-sm text-slate-500">Freelancer</dt><dd>{c.freelancer.name}</dd></div>
        <div><dt className="text-sm text-slate-500">Hourly rate</dt><dd>{formatCents(c.hourlyRateCents)}/h</dd></div>
        <div><dt className="text-sm text-slate-500">Weekly limit</dt><dd data-testid="weekly-limit">{c.weeklyLimit.text}</dd></div>
        <div><dt className="text-sm text-slate-500">Manual time</dt><dd>{c.manualTimeAllowed ? "Allowed" : "Not allowed"}</dd></div>
        <div><dt className="text-sm text-slate-500">Weekly payment</dt><dd>{c.weeklyPaymentCents ? formatCents(c.weeklyPaymentCents) : "None"}</dd></div>
        <div><dt className="text-sm text-slate-500">{accepted ? (c.started ? "Started" : "Starts") : c.status === "OFFER" ? "Starts" : "Start date"}</dt><dd>{c.startsAt.slice(0, 10)}</dd></div>
        {c.endedAt && <div><dt className="text-sm text-slate-500">Ended</dt><dd>{c.endedAt.slice(0, 10)}</dd></div>}
      </dl>

      {actions.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {actions.map((a) => (
            <button key={a} type="button" disabled={action.isPending} onClick={() => run(a)}
              className={`rounded px-4 py-2 font-medium disabled:opacity-60 ${DESTRUCTIVE.includes(a) ? "border border-red-300 text-red-700 hover:bg-red-50" : "bg-brand-600 text-white hover:bg-brand-700"}`}>
              {ACTION_LABEL[a]}
            </button>
          ))}
          {c.can.manage && accepted && <button type="button" onClick={() => setShowRehire((v) => !v)} className="rounded border border-slate-300 px-4 py-2">End and hire again with new terms</button>}
        </div>
      )}
      {action.error && <p role="alert" className="text-sm text-red-700">{errorText(action.error)}</p>}
      {confirmDialog}

      {c.can.manage && (
        <section className="space-y-3 rounded border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Terms</h2>
          <form onSubmit={saveLimit} className="flex flex-wrap items-end gap-3" noValidate>
            <Field id="limit" label="Weekly limit (hours; empty = no limit)" error={termsError ?? undefined} hint="A raise applies to this whole week at once; a decrease from next Monday.">
              <input id="limit" inputMode="numeric" className={inputClass} value={limit} onChange={(e) => setLimit(e.target.value)} aria-invalid={Boolean(termsError)} />
            </Field>
            <button type="submit" disabled={terms.isPending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">Save limit</button>
          </form>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={c.manualTimeAllowed} disabled={terms.isPending} onChange={(e) => terms.mutate({ manualTimeAllowed: e.target.checked })} />
            Allow manual time
          </label>
          <p className="text-sm text-slate-500">The hourly rate and the weekly payment are fixed for the life of a contract; to change them, end it and hire again.</p>
        </section>
      )}
      {showRehire && <RehireForm contract={c} />}

      {/* An offer has no time yet: no diary, disputes or bonuses until it is accepted. */}
      {accepted && (
        <section className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Disputes">
          <Link className="text-brand-700 underline" href={`/disputes?contract=${c.id}`}>Disputes of this contract</Link>
          {viewer.isClient && <Link className="text-brand-700 underline" href={`/diary?contract=${c.id}`}>Dispute time in the Work Diary</Link>}
        </section>
      )}

      {!viewer.isAdmin && accepted && <BonusSection contractId={c.id} canPay={bonusOpen} />}

      <section>
        <h2 className="mb-2 font-semibold">History</h2>
        {c.history.length === 0 ? <p className="text-slate-500">No changes yet.</p> : (
          <ol className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
            {c.history.map((h, i) => (
              <li key={i} className="px-3 py-2"><span className="text-slate-500">{h.at.replace("T", " ").slice(0, 16)} UTC</span> · {h.actor ?? "system"} · {h.action.replace("contract.", "").replaceAll("_", " ")}</li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** Section 5: Hourly Protection needs a client with a verified payment method; both sides should know before time is tracked. */
function UnprotectedNotice({ viewerIsClient }: { viewerIsClient: boolean }) {
  return (
    <p role="status" data-testid="unprotected-notice" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {viewerIsClient
        ? "Your payment method is not verified yet, so time on this contract is not covered by Hourly Protection."
        : "The client has no verified payment method, so time on this contract is not covered by Hourly Protection."}
    </p>
  );
}

function RehireForm({ contract }: { contract: ContractDetail }) {
  const router = useRouter();
  const rehire = useRehire(contract.id);
  const [title, setTitle] = useState(contract.title);
  const [rate, setRate] = useState(centsToInput(contract.hourlyRateCents));
  const [weekly, setWeekly] = useState(centsToInput(contract.weeklyPaymentCents));
  const [limit, setLimit] = useState(contract.weeklyLimit.nowHours === null ? "" : String(contract.weeklyLimit.nowHours));
  const fields = rehire.error instanceof ApiClientError ? rehire.error.fields : {};
  const [confirm, confirmDialog] = useConfirm();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = "The contract ends now (its last week is billed at the next close) and the freelancer gets a new offer with these terms.";
    if (!(await confirm({ title: "End this contract and hire again?", body, confirmLabel: "End and send offer" }))) return;
    rehire.mutate(
      { title, hourlyRateCents: parseDollars(rate), weeklyPaymentCents: parseDollars(weekly || "0"), weeklyLimitHours: limit.trim() === "" ? null : Number(limit), manualTimeAllowed: contract.manualTimeAllowed },
      { onSuccess: ({ id }) => router.push(`/contracts/${id}`) },
    );
  }
  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-3 rounded border border-amber-300 bg-amber-50 p-4">
      <h2 className="font-semibold">End and hire again</h2>
      <Field id="rehire-title" label="Title" error={fields.title}><input id="rehire-title" className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} /></Field>
      <Field id="rehire-rate" label="Hourly rate (USD)" error={fields.hourlyRateCents}><input id="rehire-rate" className={inputClass} value={rate} onChange={(e) => setRate(e.target.value)} /></Field>
      <Field id="rehire-limit" label="Weekly limit (hours; empty = no limit)" error={fields.weeklyLimitHours}><input id="rehire-limit" className={inputClass} value={limit} onChange={(e) => setLimit(e.target.value)} /></Field>
      <Field id="rehire-weekly" label="Weekly payment (USD)" error={fields.weeklyPaymentCents}><input id="rehire-weekly" className={inputClass} value={weekly} onChange={(e) => setWeekly(e.target.value)} /></Field>
      {rehire.error && !Object.keys(fields).length && <p role="alert" className="text-sm text-red-700">{errorText(rehire.error)}</p>}
      <button type="submit" disabled={rehire.isPending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">End and send new offer</button>
      {confirmDialog}
    </form>
  );
}
