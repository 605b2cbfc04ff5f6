// The conversation list while it loads on the server.
export function ConversationListSkeleton() {
  return (
    <div aria-busy="true">
      <p className="sr-only" role="status">
        Loading conversations…
      </p>
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="space-y-2 px-4 py-3">
            <div className="h-4 w-1/2 animate-pulse rounded bg-slate-200" />
            <div className="h-3 w-3/4 animate-pulse rounded bg-slate-100" />
          </li>
        ))}
      </ul>
    </div>
  );
}
