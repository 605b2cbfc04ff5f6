"use client";
// What the viewer can do with the selection: the freelancer deletes segments or fills empty slots
// with manual time; the client disputes billed segments. The server judges each request by
// docs/rules.md and this shows its verdict.
import { useState, type FormEvent } from "react";
import type { DiaryDay } from "@/lib/diary/types";
import { ApiClientError } from "@/lib/queries/api-client";
import { useAddManualTime, useDeleteSegments, useFileDispute } from "@/lib/queries/diary";
import { weekStartOf } from "@/lib/billing";
import { Modal } from "./modal";
import { minutes, slotEnd } from "./labels";

export type Verdict = { tone: "ok" | "error"; text: string } | null;

const primary = "rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50";
const danger = "rounded bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50";
const secondary = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

const errorText = (e: unknown) => (e instanceof ApiClientError ? e.message : "Something went wrong. Please try again.");
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface DiaryActionsProps {
  data: DiaryDay;
  selected: ReadonlySet<string>;
  onClear: () => void;
  onVerdict: (v: Verdict) => void;
  onPending: (segmentIds: string[]) => void;
  /** opened from the keyboard (Delete) */
  confirmOpen: boolean;
  setConfirmOpen: (open: boolean) => void;
}

export function DiaryActions(p: DiaryActionsProps) {
  const { data } = p;
  const cells = data.rows.flatMap((r) => r.cells);
  const chosenSegments = data.segments.filter((s) => p.selected.has(s.slotStart));
  const chosenSlots = cells.filter((c) => c.seg === null && p.selected.has(c.at));

  if (data.viewer === "freelancer") {
    const deletable = chosenSegments.filter((s) => s.can.delete);
    const anyDeletable = data.segments.some((s) => s.can.delete);
    const anyAddable = cells.some((c) => c.add);
    if (!anyDeletable && !anyAddable) return <Bar note={[data.notes.delete, data.contract.manualTimeAllowed ? data.notes.manual : null]} />;
    return (
      <>
        <Bar note={[data.notes.delete, data.contract.manualTimeAllowed ? data.notes.manual : null]}>
          <span className="text-sm text-slate-600">
            {p.selected.size ? `${plural(p.selected.size, "cell")} selected` : data.contract.manualTimeAllowed ? "Select segments to delete, or empty slots to add manual time." : "Select segments to delete them."}
          </span>
          <button type="button" className={danger} disabled={deletable.length === 0} onClick={() => p.setConfirmOpen(true)}>
            Delete{deletable.length ? ` ${plural(deletable.length, "segment")}` : ""}
          </button>
          {data.contract.manualTimeAllowed && <ManualTime data={data} slots={chosenSlots.map((c) => ({ at: c.at, time: c.time }))} onDone={p.onClear} onVerdict={p.onVerdict} />}
          {p.selected.size > 0 && (
            <button type="button" className={secondary} onClick={p.onClear}>
              Clear selection
            </button>
          )}
        </Bar>
        <DeleteConfirm data={data} segmentIds={deletable.map((s) => s.id)} open={p.confirmOpen && deletable.length > 0} onClose={() => p.setConfirmOpen(false)} onDone={p.onClear} onVerdict={p.onVerdict} onPending={p.onPending} />
      </>
    );
  }
  if (data.viewer === "client") {
    const disputable = chosenSegments.filter((s) => s.can.dispute);
    // A day read in another zone can straddle two work weeks; a dispute is about one invoiced week.
    const weeks = [...new Set(disputable.map((s) => weekStartOf(new Date(s.slotStart)).toISOString()))];
    if (!data.segments.some((s) => s.can.dispute)) {
      return <Bar note={[data.notes.dispute ?? (data.segments.length ? "Nothing on this day can be disputed now." : null)]} />;
    }
    return (
      <Bar note={[data.notes.dispute]}>
        <span className="text-sm text-slate-600">{p.selected.size ? `${plural(p.selected.size, "segment")} selected` : "In the review window: select billed segments to dispute them."}</span>
        <Dispute data={data} weekStart={weeks.length === 1 ? weeks[0]! : null} segmentIds={disputable.map((s) => s.id)} onDone={p.onClear} onVerdict={p.onVerdict} />
        {weeks.length > 1 && <span className="text-sm text-amber-800">The selection spans two work weeks: dispute one week at a time.</span>}
        {p.selected.size > 0 && (
          <button type="button" className={secondary} onClick={p.onClear}>
            Clear selection
          </button>
        )}
      </Bar>
    );
  }
  return null;
}

function Bar({ children, note }: { children?: React.ReactNode; note: Array<string | null> }) {
  const notes = note.filter((n): n is string => Boolean(n));
  return (
    <div className="space-y-1">
      {children && (
        <div className="flex flex-wrap items-center gap-2" data-testid="diary-actions">
          {children}
        </div>
      )}
      {[...new Set(notes)].map((n) => (
        <p key={n} className="text-xs text-slate-500">
          {n}
        </p>
      ))}
    </div>
  );
}

function DeleteConfirm({ data, segmentIds, open, onClose, onDone, onVerdict, onPending }: { data: DiaryDay; segmentIds: string[]; open: boolean; onClose: () => void; onDone: () => void; onVerdict: (v: Verdict) => void; onPending: (ids: string[]) => void }) {
  const remove = useDeleteSegments(data.contract.id);
  const confirm = () => {
    onPending(segmentIds);
    onClose();
    remove.mutate(segmentIds, {
      onSuccess: (r) => {
        onDone();
        const refused = r.refused.length ? ` ${plural(r.refused.length, "segment was", "segments were")} not deleted: ${[...new Set(r.refused.map((x) => x.reason))].join(" ")}` : "";
        onVerdict({ tone: r.refused.length ? "error" : "ok", text: `Deleted ${plural(r.deleted.length, "segment")} (${minutes(r.deleted.length * 10)} h).${refused}` });
      },
      onError: (e) => onVerdict({ tone: "error", text: `Nothing was deleted: ${errorText(e)}` }),
      onSettled: () => onPending([]),
    });
  };
  return (
    <Modal open={open} onClose={onClose} title={`Delete ${plural(segmentIds.length, "segment")}?`}>
      <p className="text-sm text-slate-700">
        {minutes(segmentIds.length * 10)} h come off this day and this week, and the screenshots are deleted. This cannot be undone.
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" className={secondary} onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={danger} onClick={confirm} autoFocus>
          Delete
        </button>
      </div>
    </Modal>
  );
}

function ManualTime({ data, slots, onDone, onVerdict }: { data: DiaryDay; slots: Array<{ at: string; time: string }>; onDone: () => void; onVerdict: (v: Verdict) => void }) {
  const [open, setOpen] = useState(false);
  const [memo, setMemo] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useAddManualTime(data.contract.id);
  const memoMissing = memo.trim() === "";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (memoMissing) return;
    add.mutate(
      { slotStarts: slots.map((s) => s.at), memo },
      {
        onSuccess: (r) => {
          setOpen(false);
          setMemo("");
          setTouched(false);
          onDone();
          onVerdict({ tone: "ok", text: `Added ${minutes(r.created.length * 10)} h of manual time.` });
        },
      },
    );
  };
  const serverFields = add.error instanceof ApiClientError ? add.error.fields : {};
  return (
    <>
      <button
        type="button"
        className={primary}
        disabled={slots.length === 0}
        onClick={() => {
          add.reset();
          setOpen(true);
        }}
      >
        Add manual time{slots.length ? ` (${minutes(slots.length * 10)} h)` : ""}
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="Add manual time">
        <form onSubmit={submit} noValidate className="space-y-3">
          <p className="text-sm text-slate-700">
            {plural(slots.length, "slot")}, {minutes(slots.length * 10)} h on {data.day}: {slots.map((s) => `${s.time}–${slotEnd(s.time)}`).join(", ")}
            {data.zone === "UTC" ? " UTC" : ` (${data.zone})`}.
          </p>
          <p className="text-xs text-slate-500">Manual time is billed like tracked time, but it has no screenshot and is not covered by Hourly Protection.</p>
          <div>
            <label htmlFor="manual-memo" className="block text-sm font-medium">
              Memo (what you worked on)
            </label>
            <textarea
              id="manual-memo"
              value={memo}
              onChange={(e) => setMemo(e.target.value)}
              maxLength={500}
              rows={3}
              required
              aria-invalid={touched && memoMissing}
              aria-describedby={touched && memoMissing ? "manual-memo-error" : undefined}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
            />
            {touched && memoMissing && (
              <p id="manual-memo-error" className="text-sm text-red-700">
                A memo is required.
              </p>
            )}
          </div>
          {add.error && (
            <div role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">
              <p>{errorText(add.error)}</p>
              {Object.keys(serverFields).length > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {Object.entries(serverFields).map(([at, why]) => (
                    <li key={at}>
                      {slots.find((s) => s.at === new Date(at).toISOString())?.time ?? at}: {why}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={secondary} onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className={primary} disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add manual time"}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}

function Dispute({ data, weekStart, segmentIds, onDone, onVerdict }: { data: DiaryDay; weekStart: string | null; segmentIds: string[]; onDone: () => void; onVerdict: (v: Verdict) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const file = useFileDispute(data.contract.id);
  // The same floor as the disputes API (lib/validation/money), said before the round trip.
  const missing = reason.trim().length < 10;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (missing || !weekStart) return;
    file.mutate(
      { weekStart, segmentIds, reason: reason.trim() },
      {
        onSuccess: (r) => {
          setOpen(false);
          setReason("");
          setTouched(false);
          onDone();
          onVerdict({ tone: "ok", text: `Dispute ${r.referenceId} filed for ${plural(segmentIds.length, "segment")}. The freelancer has 3 days to accept or decline it.` });
        },
      },
    );
  };
  return (
    <>
      <button
        type="button"
        className={primary}
        disabled={segmentIds.length === 0 || !weekStart}
        onClick={() => {
          file.reset();
          setOpen(true);
        }}
      >
        Dispute{segmentIds.length ? ` ${plural(segmentIds.length, "segment")}` : ""}
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="File a dispute">
        <form onSubmit={submit} noValidate className="space-y-3">
          {/* R7.3, R7.4 */}
          <p className="text-sm text-slate-700">
            {plural(segmentIds.length, "billed segment")} ({minutes(segmentIds.length * 10)} h) of the week of {(weekStart ?? data.week.weekStart).slice(0, 10)}. Their money is held until
            the dispute is resolved; the freelancer has 3 days to accept or decline it, then an admin reviews it.
          </p>
          <div>
            <label htmlFor="dispute-reason" className="block text-sm font-medium">
              Reason
            </label>
            <textarea
              id="dispute-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={2000}
              rows={4}
              required
              aria-invalid={touched && missing}
              aria-describedby={touched && missing ? "dispute-reason-error" : undefined}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
            />
            {touched && missing && (
              <p id="dispute-reason-error" className="text-sm text-red-700">
                Explain the dispute in at least 10 characters.
              </p>
            )}
          </div>
          {file.error && (
            <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">
              {errorText(file.error)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={secondary} onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className={danger} disabled={file.isPending}>
              {file.isPending ? "Filing…" : "File dispute"}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}
