// Shown while the conversation list loads on the server. Choice: only here, not
// above /messages/[id], where a loading boundary would start streaming before
// the page can answer 404 for another contract's conversation.
export default function MessagesLoading() {
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-semibold">Messages</h1>
      <p className="sr-only" role="status">Loading messages…</p>
      <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="space-y-2 px-4 py-3">
              <div className="h-4 w-1/2 animate-pulse rounded bg-slate-200" />
              <div className="h-3 w-3/4 animate-pulse rounded bg-slate-100" />
            </li>
          ))}
        </ul>
        <div className="hidden h-[calc(100dvh-9.5rem)] min-h-[26rem] animate-pulse rounded border border-slate-200 bg-white lg:block" aria-hidden="true" />
      </div>
    </div>
  );
}
