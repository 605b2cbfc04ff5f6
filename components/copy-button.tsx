"use client";
// Copy for a text shown once (a new tracker token): the clipboard API, then a visible
// "Copied" for a moment. Choice: where the browser refuses the clipboard (no secure context,
// permission denied), the text itself is selected and the button says to press Ctrl+C, so the
// token can still be copied before it is gone.
import { useEffect, useState } from "react";

type CopyState = "idle" | "copied" | "selected";

const LABEL: Record<CopyState, string> = { idle: "Copy", copied: "Copied", selected: "Selected: press Ctrl+C" };

/** Selects the whole text of the element `id`, for the keyboard's copy. */
function selectText(id: string): void {
  const el = document.getElementById(id);
  const selection = window.getSelection();
  if (el && selection) selection.selectAllChildren(el);
}

export function CopyButton({ text, targetId, name }: { text: string; /** the element showing `text`, selected when the clipboard is refused */ targetId: string; /** what is copied, for screen readers: "token" */ name: string }) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state !== "copied") return;
    const t = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      selectText(targetId);
      setState("selected");
    }
  }

  return (
    <button type="button" onClick={() => void copy()} aria-label={state === "idle" ? `Copy ${name}` : undefined} data-state={state}
      className="shrink-0 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 data-[state=copied]:border-brand-500 data-[state=copied]:text-brand-700">
      <span aria-live="polite">{LABEL[state]}</span>
    </button>
  );
}
