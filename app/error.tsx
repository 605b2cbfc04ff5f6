"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-12 max-w-md text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">The page could not be loaded. Nothing you entered was lost on our side.</p>
      <button type="button" onClick={reset} className="mt-6 rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">Try again</button>
    </div>
  );
}
