// "Online now" from the conversation's presence channel.
export function PresenceStatus({ online, name }: { online: boolean; name: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-sm text-slate-600" data-testid="presence" data-online={online}>
      <span
        aria-hidden="true"
        data-testid={online ? "online-dot" : "offline-dot"}
        className={`inline-block h-2.5 w-2.5 rounded-full ${online ? "bg-brand-500 ring-2 ring-brand-100" : "bg-slate-300"}`}
      />
      <span>
        <span className="sr-only">{name} is </span>
        {online ? "Online now" : "Offline"}
      </span>
    </span>
  );
}
