import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-12 max-w-md text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-slate-600">The page does not exist, or it is not shared with your account.</p>
      <Link href="/" className="mt-6 inline-block rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">Go to your home page</Link>
    </div>
  );
}
