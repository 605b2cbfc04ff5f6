"use client";
// A Messages page that failed to load: nothing sent was lost (it is stored before it is shown).
export default function MessagesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-12 max-w-md text-center">
      <h1 className="text-2xl font-semibold">Messages could not be loaded</h1>
      <p className="mt-2 text-slate-600">Messages already sent are safe. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-6 rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        Try again
      </button>
    </div>
  );
}
