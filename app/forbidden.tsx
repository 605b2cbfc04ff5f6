import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto mt-12 max-w-md text-center">
      <p className="text-sm font-semibold text-slate-500">403</p>
      <h1 className="mt-1 text-2xl font-semibold">This page is not for your role</h1>
      <p className="mt-2 text-slate-600">Your account cannot open this page. The navigation above shows what you can use.</p>
      <Link href="/" className="mt-6 inline-block rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">Go to your home page</Link>
    </div>
  );
}
