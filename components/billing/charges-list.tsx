"use client";

/** The client's charges in Settings › Billing (R14.3). Placeholder until the list lands. */
export function ChargesList() {
  return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No charges yet.</p>;
}
