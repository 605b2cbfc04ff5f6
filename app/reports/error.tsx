"use client";
// Reports could not load (the database was unreachable, say): say so and offer a retry.
export default function ReportsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-6" data-testid="reports-error">
      <p className="font-medium text-red-800">Reports could not be loaded.</p>
      <p className="mt-1 text-sm text-red-700">Your money is safe; only this page failed. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm text-white hover:bg-red-800">Try again</button>
    </div>
  );
}
