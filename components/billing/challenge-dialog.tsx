"use client";
// R14.1 the card issuer's step-up challenge. In the sandbox this stands for the bank's own page
// (like Stripe's 3-D Secure test page): the client completes or fails it, and the answer goes to
// POST /api/billing-methods/:id/challenge. A native <dialog> (modal, Escape closes it unanswered).
import { useEffect, useId, useRef } from "react";
import { ApiClientError } from "@/lib/queries/api-client";
import { useCompleteChallenge, type BillingMethodView } from "@/lib/queries/billing-methods";

export function ChallengeDialog({ method, onClose }: { method: BillingMethodView; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const answer = useCompleteChallenge();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const send = (outcome: "complete" | "fail") => answer.mutate({ id: method.id, outcome }, { onSuccess: () => ref.current?.close() });
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50">
      <div className="space-y-4 p-5">
        <p className="text-xs font-medium uppercase tracking-wide text-amber-700">Sandbox bank · step-up challenge</p>
        <h2 id={`${id}-title`} className="text-lg font-semibold">Confirm your {method.brand ?? "card"} ••••{method.last4}</h2>
        <p id={`${id}-body`} className="text-sm text-slate-700">
          Your card&apos;s bank asks you to confirm that you are adding this card. A real bank would show its own page here, or ask in its app.
        </p>
        {answer.error && <p role="alert" className="text-sm text-red-700">{answer.error instanceof ApiClientError ? answer.error.message : "Could not send the answer. Try again."}</p>}
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" disabled={answer.isPending} onClick={() => send("fail")} className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-50">
            Fail authentication
          </button>
          <button type="button" disabled={answer.isPending} onClick={() => send("complete")} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            Complete authentication
          </button>
        </div>
      </div>
    </dialog>
  );
}
