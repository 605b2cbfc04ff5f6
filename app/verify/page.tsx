import type { Metadata } from "next";
import { VerifyBundle } from "@/components/proof/verify-bundle";
import { portalOrigin } from "@/lib/config/origin";
import { publishedKeys } from "@/lib/proof/portal-keys";

export const metadata: Metadata = { title: "Verify a proof bundle" };
export const dynamic = "force-dynamic";

// /verify (R15.4): checks a proof bundle in the browser with the same verifier as `npx hourglass-verify`.
// Public (proxy.ts): a bundle is checked by whoever holds it, signed in or not. The file never leaves
// the browser; the page brings only this portal's published keys, to check the seal's origin with.
export default async function VerifyPage() {
  const keys = await publishedKeys();
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Verify a proof bundle</h1>
        <p className="text-slate-600">
          A proof bundle holds a contract week&apos;s signed segments, the chain of everything that happened to its time, the screenshots and the
          week&apos;s seal. Choose one (&quot;Download proof&quot; in the Work Diary or on an invoice) to check that nothing in it was changed. It is read
          and checked here in your browser and never uploaded. The same check runs offline with <code className="rounded bg-slate-100 px-1 font-mono">npx hourglass-verify bundle.zip</code>.
        </p>
      </div>
      <VerifyBundle portalKeys={keys} origin={portalOrigin()} />
    </div>
  );
}
