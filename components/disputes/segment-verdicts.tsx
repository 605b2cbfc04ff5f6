// The disputed segments with their Hourly Protection verdicts (R5): what a freelancer weighs
// before answering and what an admin review applies (R7.3 refunds exactly the failing ones).
import type { DisputeSegmentView, DisputeView } from "@/lib/disputes/get-dispute";
import { PROTECTION_TEXT } from "@/components/diary/labels";
import { utc } from "./labels";
import { Table } from "./table";

function outcome(d: DisputeView, s: DisputeSegmentView): string {
  if (s.refunded) return "Refunded";
  if (d.status === "OPEN" || d.status === "ESCALATED") return s.failures.length > 0 ? "Refunded if reviewed" : "Paid if reviewed";
  return "Paid";
}

export function SegmentVerdicts({ dispute }: { dispute: DisputeView }) {
  return (
    <Table label="Disputed segments and their verdicts" testId="segment-verdicts" columns={[{ label: "Slot" }, { label: "Screenshot" }, { label: "Memo" }, { label: "Activity" }, { label: "Hourly Protection" }, { label: "Outcome" }]}>
      {dispute.segments.map((s) => (
        <tr key={s.segmentId} className="border-t border-slate-100 align-top" data-testid="verdict-row" data-slot={s.slotStart} data-protected={s.failures.length === 0}>
          <td className="px-3 py-2 whitespace-nowrap">{utc(s.slotStart)}</td>
          <td className="px-3 py-2">
            {s.hasScreenshot ? (
              // eslint-disable-next-line @next/next/no-img-element -- a private, access-checked image route, not a static asset
              <img src={`/api/screenshots/${s.segmentId}/thumb`} alt={`Screenshot of ${utc(s.slotStart)}`} width={96} height={54} loading="lazy" className="rounded border border-slate-200" />
            ) : (
              <span className="text-slate-500">{s.kind === "MANUAL" ? "Manual time" : "None"}</span>
            )}
          </td>
          <td className="px-3 py-2">{s.memo?.trim() ? s.memo : <span className="text-slate-500">No memo</span>}</td>
          <td className="px-3 py-2">{s.activityLevel === null ? "—" : `${s.activityLevel} of 10`}</td>
          <td className="px-3 py-2" data-testid="verdict">
            {s.failures.length === 0 ? (
              <span className="rounded bg-green-100 px-1.5 py-0.5 text-xs font-medium text-green-800">Protected</span>
            ) : (
              <>
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">Not protected</span>
                <ul className="mt-1 list-disc pl-4 text-xs text-slate-600">
                  {s.failures.map((f) => <li key={f}>{PROTECTION_TEXT[f]}</li>)}
                </ul>
              </>
            )}
          </td>
          <td className="px-3 py-2" data-testid="outcome">{outcome(dispute, s)}</td>
        </tr>
      ))}
    </Table>
  );
}
