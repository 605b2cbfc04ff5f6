"use client";
// R10.3 the payout schedule: how often, the threshold, and what the next scheduled
// payout would send (the server's estimate: the balance expected on that day).
import { useState, type FormEvent } from "react";
import { nextScheduledPayoutDate } from "@/lib/billing";
import { PAYOUT_FREQUENCIES, RULES, type PayoutFrequency } from "@/lib/config/rules";
import { centsToInput, formatCents, parseDollars } from "@/lib/format/money";
import { ApiClientError } from "@/lib/queries/api-client";
import { useClearPayoutSchedule, usePayoutSchedule, useSetPayoutSchedule, type PayoutMethodView, type PayoutScheduleView } from "@/lib/queries/get-paid";
import { fieldErrors, payoutScheduleSchema } from "@/lib/validation/payouts";
import { Field, inputClass } from "@/components/contracts/field";
import { FREQUENCY_LABEL, payoutDay } from "@/lib/payouts/display";
import { useConfirm } from "@/components/confirm-dialog";

const STOP = { title: "Stop scheduled payouts?", body: "Your money stays available until you withdraw it.", confirmLabel: "Stop payouts" };

function skipText(s: PayoutScheduleView): string {
  switch (s.skipReason) {
    case "NO_DEFAULT_METHOD":
      return "No payout then: scheduled payouts go to your default method, and you have none. Add a payout method.";
    case "METHOD_NOT_USABLE_YET":
      return "No payout then: your default method is still in its 3-day hold on that day.";
    case "BELOW_THRESHOLD":
      return `No payout then: the ${formatCents(s.expectedAvailableCents)} expected to be available is below your ${formatCents(s.thresholdCents)} threshold, so it waits for a later payout day.`;
    case "NOT_ABOVE_FEE":
      return `No payout then: the ${formatCents(s.expectedAvailableCents)} expected would not cover the method's fee.`;
    default:
      return "No payout then.";
  }
}

export function PayoutScheduleForm({ initial, methods, now }: { initial: PayoutScheduleView | null; methods: PayoutMethodView[]; now: Date }) {
  const schedule = usePayoutSchedule(initial);
  const save = useSetPayoutSchedule();
  const clear = useClearPayoutSchedule();
  const [confirm, confirmDialog] = useConfirm();
  const current = schedule.data ?? null;
  const [frequency, setFrequency] = useState<PayoutFrequency>(current?.frequency ?? "MONTHLY");
  const [threshold, setThreshold] = useState(centsToInput(current?.thresholdCents ?? RULES.payouts.defaultThresholdCents));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = save.error instanceof ApiClientError ? save.error : null;
  const errors: Record<string, string | undefined> = { ...(server?.fields ?? {}), ...localErrors };
  const method = current?.nextPayout ? methods.find((m) => m.id === current.nextPayout!.methodId) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const thresholdCents = parseDollars(threshold);
    if (Number.isNaN(thresholdCents)) return setLocalErrors({ thresholdCents: "Enter the threshold in dollars, like 100 or 250.50." });
    const checked = payoutScheduleSchema.safeParse({ frequency, thresholdCents });
    if (!checked.success) return setLocalErrors(fieldErrors(checked.error));
    setLocalErrors({});
    save.mutate(checked.data);
  }

  return (
    <div className="space-y-4">
      <div data-testid="schedule-summary" className="rounded border border-slate-200 bg-white p-4 text-sm">
        {schedule.isError && !schedule.data ? (
          <p role="alert" className="text-red-700">Could not load your schedule. <button className="underline" onClick={() => schedule.refetch()}>Retry</button></p>
        ) : current ? (
          <div className="space-y-1">
            <p>
              <span className="font-medium">{FREQUENCY_LABEL[current.frequency]}</span>, when at least {formatCents(current.thresholdCents)} is available.
            </p>
            <p>
              Next payout day: <strong data-testid="next-payout-date">{payoutDay(current.nextPayoutDate)}</strong>
              {current.nextPayout ? (
                <>
                  {" "}· <strong data-testid="next-payout-amount">{formatCents(current.nextPayout.amountCents)}</strong> to {method?.label ?? "your default method"} (fee {formatCents(current.nextPayout.feeCents)}, you receive {formatCents(current.nextPayout.netCents)}). An estimate: what is available that day is sent.
                </>
              ) : (
                <span className="block text-amber-800">{skipText(current)}</span>
              )}
            </p>
          </div>
        ) : (
          <p>No schedule: your money stays available until you withdraw it.</p>
        )}
      </div>
      <form onSubmit={submit} noValidate aria-label="Payout schedule" className="space-y-4 rounded border border-slate-200 bg-white p-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="frequency" label="How often" error={errors.frequency} hint={`The next would be ${payoutDay(nextScheduledPayoutDate(frequency, now).toISOString())}.`}>
            <select id="frequency" className={inputClass} value={frequency} onChange={(e) => setFrequency(e.target.value as PayoutFrequency)}>
              {PAYOUT_FREQUENCIES.map((f) => <option key={f} value={f}>{FREQUENCY_LABEL[f]}</option>)}
            </select>
          </Field>
          <Field id="thresholdCents" label="Only when at least (USD)" error={errors.thresholdCents} hint="The whole available balance is sent once it reaches this.">
            <input id="thresholdCents" inputMode="decimal" className={inputClass} value={threshold} onChange={(e) => setThreshold(e.target.value)}
              aria-invalid={Boolean(errors.thresholdCents)} aria-describedby={errors.thresholdCents ? "thresholdCents-error" : undefined} />
          </Field>
        </div>
        {(server && !Object.keys(server.fields).length) || (save.error && !server) ? <p role="alert" className="text-sm text-red-700">{server?.message ?? "Could not save the schedule. Try again."}</p> : null}
        {save.isSuccess && !save.isPending && <p role="status" className="text-sm text-brand-700">Schedule saved.</p>}
        <div className="flex gap-3">
          <button type="submit" disabled={save.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {save.isPending ? "Saving…" : current ? "Save schedule" : "Start scheduled payouts"}
          </button>
          {current && (
            <button type="button" disabled={clear.isPending} onClick={async () => { if (await confirm(STOP)) clear.mutate(undefined, { onSuccess: () => save.reset() }); }}
              className="rounded border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
              Stop scheduled payouts
            </button>
          )}
        </div>
        {confirmDialog}
      </form>
    </div>
  );
}
