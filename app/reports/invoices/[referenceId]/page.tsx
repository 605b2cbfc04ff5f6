import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getStatement } from "@/lib/reports/statement";
import { formatCents } from "@/lib/format/money";
import { now } from "@/lib/clock";
import { PrintButton } from "@/components/reports/print-button";
import { invoiceProofLink } from "@/lib/proof/bundle";
import { invoiceSealFor } from "@/lib/proof/invoice-seal";
import { referenceIdParams } from "@/lib/validation/text";

type Props = { params: Promise<{ referenceId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).referenceId) };
}

// Print styles for this page only (they leave with it): the document alone, without the app's header,
// tabs or buttons, black on white.
const PRINT_CSS = `@media print {
  body { background: #fff; }
  body > header, [data-print="hide"] { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  [data-testid="invoice"] { border: none !important; padding: 0 !important; }
  [data-testid="invoice-lines"] { break-inside: avoid; }
}
@page { margin: 18mm 16mm; }`;

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const day = (iso: string) => new Date(iso).toLocaleDateString("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

// /reports/invoices/<reference ID>: the document behind a Transaction History line, for a party to it only.
export default async function InvoicePage({ params }: Props) {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const referenceId = decodeURIComponent((await params).referenceId);
  // a reference ID that cannot exist (a NUL byte in it) is a page that does not exist either
  if (!referenceIdParams.safeParse({ referenceId }).success) notFound();
  const s = await getStatement(user, referenceId, now());
  // Someone who is not a party gets the same 404 as for a reference ID that does not exist.
  if (!s) notFound();
  // R15.4 an invoice of a contract week offers that week's proof bundle
  const proof = await invoiceProofLink(user, referenceId);
  // R15.3 the week's seal, printed with the invoice
  const sealed = await invoiceSealFor(user, referenceId);
  return (
    <div className="space-y-3">
      <style>{PRINT_CSS}</style>
      <div className="flex items-center justify-between print:hidden">
        <Link href="/reports/transactions" className="text-sm text-brand-700 hover:underline">← Transaction History</Link>
        <div className="flex items-center gap-3">
          {proof && (
            <a href={proof.href} download className="text-sm font-medium text-brand-700 hover:underline" title={proof.sealed ? "The week's records, screenshots and seal, to check with /verify or npx hourglass-verify" : "Not sealed yet: the bundle shows the week as it stands"}>
              Download proof
            </a>
          )}
          <PrintButton />
        </div>
      </div>
      <article className="rounded border border-slate-200 bg-white p-8" data-testid="invoice">
        <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
          <div>
            <p className="text-sm font-semibold text-brand-700">Hourglass</p>
            <h2 className="text-2xl font-semibold">{s.title}</h2>
            <p className="font-mono text-sm" data-testid="invoice-reference">{s.referenceId}</p>
          </div>
          <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Date</dt>
            <dd>{when(s.issuedAt)}</dd>
            {s.period && (
              <>
                <dt className="text-slate-500">Work week</dt>
                <dd>{day(s.period.from)} – {day(new Date(Date.parse(s.period.to) - 1).toISOString())}</dd>
              </>
            )}
            {s.status && (
              <>
                <dt className="text-slate-500">Status</dt>
                <dd data-testid="invoice-status">{s.status}</dd>
              </>
            )}
          </dl>
        </header>
        {(s.contractTitle || s.clientName) && (
          <dl className="grid grid-cols-1 gap-2 border-b border-slate-200 py-4 text-sm sm:grid-cols-3">
            {s.contractTitle && (<div><dt className="text-slate-500">Contract</dt><dd className="font-medium">{s.contractTitle}</dd></div>)}
            {s.clientName && (<div><dt className="text-slate-500">Client</dt><dd>{s.clientName}</dd></div>)}
            {s.freelancerName && (<div><dt className="text-slate-500">Freelancer</dt><dd>{s.freelancerName}</dd></div>)}
          </dl>
        )}
        <table className="mt-4 w-full text-sm" data-testid="invoice-lines">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-2 font-medium">Description</th>
              <th className="py-2 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {s.lines.map((l, i) => (
              <tr key={i}>
                <td className="py-2">{l.label}</td>
                <td className="py-2 text-right">{formatCents(BigInt(l.amountCents))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-slate-300 font-semibold">
              <td className="py-2">{s.total.label}</td>
              <td className="py-2 text-right tabular-nums" data-testid="invoice-total">{formatCents(BigInt(s.total.amountCents))}</td>
            </tr>
          </tfoot>
        </table>
        {s.notes.length > 0 && (
          <ul className="mt-4 space-y-1 text-xs text-slate-500">
            {s.notes.map((n) => (<li key={n}>{n}</li>))}
          </ul>
        )}
        {sealed && (
          <section aria-label="Seal" data-testid="invoice-seal" className="mt-6 rounded border border-slate-200 p-3 text-xs text-slate-600">
            <p className="font-semibold text-slate-800">Sealed {when(sealed.seal.sealedAt)}</p>
            <p className="mt-1">
              The week&apos;s proof chain, record {sealed.seal.seq}, head <code className="break-all font-mono" data-testid="invoice-seal-head">{sealed.seal.head}</code>, signed with the portal key{" "}
              <code className="font-mono" data-testid="invoice-seal-key">{sealed.seal.keyId}</code> (published at /.well-known/hourglass-keys.json).
            </p>
          </section>
        )}
        <p className="mt-6 text-xs text-slate-500">
          Amounts in US dollars, {s.viewer === "FREELANCER" ? "as paid to you, after the service fee" : "as charged to you, with the client fee"}. Times are UTC.
        </p>
      </article>
    </div>
  );
}
