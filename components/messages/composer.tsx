"use client";
// Writing a message: text (Enter sends, Shift+Enter breaks the line), emoji,
// and files from the picker, a pasted screenshot, or drag and drop. Files are
// checked here against the same limits the server enforces by content.
import { useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from "react";
import { ATTACHMENT_ACCEPT, MESSAGE_LIMITS } from "@/lib/validation/messages";
import { fileSize } from "@/lib/messages/format";
import { EmojiPicker } from "./emoji-picker";
import { PaperclipIcon } from "./icons";

export interface ComposerSend {
  body: string;
  files: File[];
}

function pastedName(file: File, index: number): File {
  // Clipboard screenshots arrive as "image.png"; give them a name worth keeping.
  if (file.name && file.name !== "image.png") return file;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const ext = file.type.split("/")[1] ?? "png";
  return new File([file], `screenshot-${stamp}${index ? `-${index}` : ""}.${ext}`, { type: file.type });
}

export function Composer({ onSend, onTyping, disabled }: { onSend: (input: ComposerSend) => void; onTyping: (text: string) => void; disabled?: boolean }) {
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  const hintId = useId();
  const problemId = useId();

  useLayoutEffect(() => {
    if (caret.current === null || !textarea.current) return;
    textarea.current.focus();
    textarea.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  function addFiles(incoming: File[]) {
    const accepted: File[] = [];
    const problems: string[] = [];
    for (const file of incoming) {
      if (file.size > MESSAGE_LIMITS.attachmentMaxBytes) problems.push(`“${file.name}” is larger than ${fileSize(MESSAGE_LIMITS.attachmentMaxBytes)}.`);
      else if (file.size === 0) problems.push(`“${file.name}” is empty.`);
      else accepted.push(file);
    }
    const room = MESSAGE_LIMITS.attachmentsPerMessage - files.length;
    if (accepted.length > room) problems.push(`At most ${MESSAGE_LIMITS.attachmentsPerMessage} attachments per message.`);
    setFiles([...files, ...accepted.slice(0, Math.max(0, room))]);
    setProblem(problems.length ? problems.join(" ") : null);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (disabled || (!body && files.length === 0)) return;
    if (body.length > MESSAGE_LIMITS.bodyMaxChars) {
      setProblem(`Keep a message under ${MESSAGE_LIMITS.bodyMaxChars} characters.`);
      return;
    }
    onSend({ body, files });
    setText("");
    setFiles([]);
    setProblem(null);
    onTyping("");
    textarea.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function onPaste(event: ClipboardEvent) {
    const pasted = Array.from(event.clipboardData.files);
    if (pasted.length === 0) return;
    event.preventDefault();
    addFiles(pasted.map(pastedName));
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  }

  function insertEmoji(emoji: string) {
    const el = textarea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    onTyping(next);
    caret.current = start + emoji.length;
  }

  const canSend = !disabled && (text.trim().length > 0 || files.length > 0);

  return (
    <form
      onSubmit={submit}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`border-t border-slate-200 bg-white p-2 sm:p-3 ${dragging ? "ring-2 ring-inset ring-brand-500" : ""}`}
      aria-label="Write a message"
    >
      {files.length > 0 && (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label="Attachments to send">
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`} className="flex max-w-full items-center gap-1 rounded-full border border-slate-200 bg-slate-50 py-1 pl-3 pr-1 text-sm">
              <span className="truncate">{file.name}</span>
              <span className="shrink-0 text-slate-500">({fileSize(file.size)})</span>
              <button
                type="button"
                aria-label={`Remove ${file.name}`}
                onClick={() => setFiles(files.filter((_, j) => j !== i))}
                className="rounded-full px-2 text-slate-500 hover:bg-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p id={problemId} role="alert" className="mb-2 text-sm text-red-700">
          {problem}
        </p>
      )}
      <div className="flex items-end gap-1">
        <EmojiPicker onPick={insertEmoji} disabled={disabled} />
        <button
          type="button"
          aria-label="Attach files"
          title={`Images, PDF or text, up to ${fileSize(MESSAGE_LIMITS.attachmentMaxBytes)} each`}
          disabled={disabled}
          onClick={() => fileInput.current?.click()}
          className="rounded p-2 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:opacity-50"
        >
          <PaperclipIcon />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept={ATTACHMENT_ACCEPT}
          tabIndex={-1}
          aria-label="Choose files to attach"
          data-testid="attach-input"
          className="sr-only"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            e.target.value = "";
          }}
        />
        <label htmlFor="composer" className="sr-only">
          Message
        </label>
        <textarea
          id="composer"
          ref={textarea}
          value={text}
          rows={1}
          maxLength={MESSAGE_LIMITS.bodyMaxChars}
          placeholder="Write a message…"
          aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
          onChange={(e) => {
            setText(e.target.value);
            onTyping(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          className="max-h-40 min-h-10 flex-1 resize-none rounded border border-slate-300 px-3 py-2 [field-sizing:content] focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
        <button
          type="submit"
          disabled={!canSend}
          className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 disabled:opacity-50"
        >
          Send
        </button>
      </div>
      <p id={hintId} className="mt-1 hidden text-xs text-slate-500 sm:block">
        Enter sends, Shift+Enter starts a new line. Paste a screenshot or drop files to attach them.
      </p>
    </form>
  );
}
