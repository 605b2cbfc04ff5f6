"use client";
// The one confirmation box for actions that cannot be taken back (pause, end, pay, revoke,
// remove, stop, suspend, a dispute's answer), in place of the browser's confirm(): a native
// <dialog> opened with showModal (the rest of the page is inert), named by its title and
// described by its text, Escape or Cancel cancels, and focus goes back to the button that
// opened it. `useConfirm` gives a promise-returning confirm() so call sites stay one line.
import { useCallback, useEffect, useId, useRef, useState, type ReactElement } from "react";

export interface ConfirmRequest {
  /** the question, also the dialog's accessible name: "Pause this contract?" */
  title: string;
  /** what happens, the dialog's description */
  body: string;
  /** the verb on the confirming button: "Pause contract", never "OK" */
  confirmLabel: string;
  /** Choice: a red confirm button for what takes money, access or a contract away (default true);
   *  the brand colour for a bonus, declining a dispute and an admin's resolution */
  destructive?: boolean;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    // open once (an effect may run twice in development); the element to give focus back to
    // is the one that asked for confirmation, usually the button just pressed
    if (!dialog || dialog.open) return;
    trigger.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
  }, []);
  function closed() {
    // back to the trigger before the caller acts (its button may be disabled while the action runs)
    if (trigger.current?.isConnected) trigger.current.focus();
    onClose(ref.current?.returnValue === "confirm");
  }
  const destructive = request.destructive ?? true;
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // Escape fires cancel, then close with an empty returnValue: both end here once.
      onClose={closed}
      onClick={(e) => {
        // Choice: a click on the backdrop (the dialog box itself, outside its content) cancels, as Escape does
        if (e.target === ref.current) ref.current.close("cancel");
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="space-y-4 p-5">
        <h2 id={`${id}-title`} className="text-lg font-semibold">{request.title}</h2>
        <p id={`${id}-body`} className="text-sm text-slate-700">{request.body}</p>
        <div className="flex flex-wrap justify-end gap-2">
          {/* Choice: Cancel comes first, so showModal focuses it: Enter or a double press never confirms by accident. */}
          <button type="button" onClick={() => ref.current?.close("cancel")} className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">
            Cancel
          </button>
          <button type="button" onClick={() => ref.current?.close("confirm")}
            className={`rounded px-4 py-2 font-medium text-white ${destructive ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}>
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}

/**
 * `const [confirm, confirmDialog] = useConfirm();` then `if (await confirm({...})) mutate();`
 * and render `{confirmDialog}` once anywhere in the component (inside a <form> is fine: its
 * buttons do not submit). One question at a time.
 */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactElement | null] {
  const [open, setOpen] = useState<{ request: ConfirmRequest; resolve: (confirmed: boolean) => void } | null>(null);
  const confirm = useCallback((request: ConfirmRequest) => new Promise<boolean>((resolve) => setOpen({ request, resolve })), []);
  const dialog = open ? (
    <ConfirmDialog
      request={open.request}
      onClose={(confirmed) => {
        setOpen(null);
        open.resolve(confirmed);
      }}
    />
  ) : null;
  return [confirm, dialog];
}
