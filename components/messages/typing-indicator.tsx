// "Fiona is typing…", from the other side's client events.
export function TypingIndicator({ name, typing }: { name: string; typing: boolean }) {
  return (
    <div role="status" aria-live="polite" className="h-6 px-4 text-sm italic text-slate-500" data-testid="typing-indicator">
      {typing && (
        <span className="inline-flex items-center gap-1">
          {name} is typing
          <span className="inline-flex gap-0.5" aria-hidden="true">
            <span className="h-1 w-1 animate-bounce rounded-full bg-slate-400" />
            <span className="h-1 w-1 animate-bounce rounded-full bg-slate-400 [animation-delay:150ms]" />
            <span className="h-1 w-1 animate-bounce rounded-full bg-slate-400 [animation-delay:300ms]" />
          </span>
        </span>
      )}
    </div>
  );
}
