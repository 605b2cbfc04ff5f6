// R15.3 the week's seal in the Work Diary: sealed (when, by which portal key) and whether it holds, or
// when it will be sealed.
import type { WeekProof } from "@/lib/proof/week-proof";

const closeTime = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const at = (iso: string) => `${closeTime.format(new Date(iso))} UTC`;

/** A key id is 32 hex characters; the first 12 tell keys apart on screen, the full id is in the title. */
export function KeyId({ id }: { id: string }) {
  return (
    <code title={id} className="rounded bg-slate-100 px-1 text-[0.85em] text-slate-700">
      {id.slice(0, 12)}
    </code>
  );
}

export function WeekSeal({ proof }: { proof: WeekProof }) {
  const base = "mt-1 text-xs";
  switch (proof.state) {
    case "open":
      return (
        <p className={`${base} text-slate-500`} data-testid="week-seal" data-state="open">
          Sealed at the weekly close, {at(proof.sealsAt)}.
        </p>
      );
    case "no_invoice":
      return (
        <p className={`${base} text-slate-500`} data-testid="week-seal" data-state="no_invoice">
          Nothing was billed this week, so it has no seal.
        </p>
      );
    case "unsealed":
      return (
        <p className={`${base} text-amber-800`} data-testid="week-seal" data-state="unsealed">
          Invoiced, not sealed yet: the portal seals it within minutes.
        </p>
      );
    case "sealed":
      return (
        <p
          className={`${base} ${proof.verifies ? "text-green-800" : "font-medium text-red-800"}`}
          data-testid="week-seal"
          data-state="sealed"
          data-verifies={proof.verifies}
          title={`Chain head ${proof.seq}: ${proof.head}`}
        >
          <span aria-hidden="true">{proof.verifies ? "✓ " : "✗ "}</span>
          Sealed {at(proof.sealedAt)} by portal key <KeyId id={proof.keyId} /> in invoice {proof.invoice}
          {proof.verifies ? " · the chain verifies" : ` · does not verify: ${proof.problem}`}
        </p>
      );
  }
}
