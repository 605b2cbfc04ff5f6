// Transaction History while its first page loads.
export default function TransactionsLoading() {
  return (
    <div className="space-y-3" aria-busy="true" data-testid="transactions-loading">
      <div className="h-16 animate-pulse rounded border border-slate-200 bg-white" />
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-slate-100" />
      ))}
      <span className="sr-only">Loading transactions…</span>
    </div>
  );
}
