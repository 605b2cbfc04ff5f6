"use client";
// A small emoji picker (no dependency): a grid of common emoji, each a button
// with its name. Arrow keys move, Enter picks, Escape closes and returns focus.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { SmileIcon } from "./icons";

export const EMOJI: ReadonlyArray<readonly [string, string]> = [
  ["😀", "grinning face"], ["😂", "face with tears of joy"], ["🙂", "slightly smiling face"], ["😉", "winking face"],
  ["😊", "smiling face with smiling eyes"], ["😍", "smiling face with heart-eyes"], ["🤔", "thinking face"], ["😅", "grinning face with sweat"],
  ["😎", "smiling face with sunglasses"], ["😢", "crying face"], ["😮", "face with open mouth"], ["🙏", "folded hands"],
  ["👍", "thumbs up"], ["👎", "thumbs down"], ["👏", "clapping hands"], ["🙌", "raising hands"],
  ["👋", "waving hand"], ["💪", "flexed biceps"], ["🤝", "handshake"], ["👀", "eyes"],
  ["✅", "check mark button"], ["❌", "cross mark"], ["⚠️", "warning"], ["❓", "question mark"],
  ["🎉", "party popper"], ["🚀", "rocket"], ["🔥", "fire"], ["💡", "light bulb"],
  ["⏰", "alarm clock"], ["📅", "calendar"], ["📎", "paperclip"], ["📝", "memo"],
  ["💻", "laptop"], ["🐛", "bug"], ["☕", "hot beverage"], ["💰", "money bag"],
  ["❤️", "red heart"], ["⭐", "star"], ["✨", "sparkles"], ["💯", "hundred points"],
];

const COLUMNS = 8;

export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const toggle = useRef<HTMLButtonElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    grid.current?.querySelectorAll<HTMLButtonElement>("button")[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!grid.current?.contains(event.target as Node) && !toggle.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key in moves) {
      event.preventDefault();
      setActive((i) => Math.min(EMOJI.length - 1, Math.max(0, i + (moves[event.key] ?? 0))));
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      setActive(event.key === "Home" ? 0 : EMOJI.length - 1);
    }
  }

  return (
    <div className="relative">
      <button
        ref={toggle}
        type="button"
        disabled={disabled}
        aria-label="Add emoji"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        className="rounded p-2 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:opacity-50"
      >
        <SmileIcon />
      </button>
      {open && (
        <div
          id={panelId}
          ref={grid}
          role="dialog"
          aria-label="Emoji"
          onKeyDown={onKeyDown}
          className="absolute bottom-full left-0 z-20 mb-2 grid w-max grid-cols-8 gap-1 rounded-lg border border-slate-200 bg-white p-2 shadow-lg"
        >
          {EMOJI.map(([emoji, name], i) => (
            <button
              key={name}
              type="button"
              tabIndex={i === active ? 0 : -1}
              aria-label={name}
              title={name}
              onClick={() => {
                onPick(emoji);
                close();
              }}
              className="h-9 w-9 rounded text-xl leading-none hover:bg-slate-100 focus:bg-brand-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
