"use client";
// A modal on the native <dialog>: focus is trapped and returned, Escape closes it.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";

export interface ModalProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
  labelledBy?: string;
  /** keys anywhere in the dialog (the viewer pages with the arrow keys) */
  onKeyDown?: (e: KeyboardEvent<HTMLDialogElement>) => void;
}

export function Modal({ open, onClose, title, children, wide = false, labelledBy, onKeyDown }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const headingId = labelledBy ?? `modal-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      onClose={onClose}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        // a click on the backdrop (the dialog itself, outside its content) closes it
        if (e.target === ref.current) onClose();
      }}
      className={`m-auto w-[calc(100%-1rem)] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 ${wide ? "max-w-5xl" : "max-w-lg"}`}
    >
      {open && (
        <div className="p-4 sm:p-5">
          <div className="mb-3 flex items-start justify-between gap-4">
            <h2 id={headingId} className="text-lg font-semibold">{title}</h2>
            <button type="button" onClick={onClose} className="rounded px-2 py-1 text-slate-500 hover:bg-slate-100" aria-label="Close">✕</button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
