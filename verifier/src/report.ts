// What the verifier found in a proof bundle (R15.4), and how it reads: one report for the CLI
// and the "Verify a bundle" page alike. Every problem names the slot it concerns when there is one.
import type { ChainProblemCode } from "./records";

export type ProblemCode =
  | ChainProblemCode
  | "file_missing" // a file the bundle must hold, or one its manifest lists, is absent
  | "file_changed" // a file's SHA-256 is not the one its manifest lists
  | "extra_file" // a file neither the manifest nor a live segment explains
  | "bad_key" // a published key whose id is not the hash of its public key
  | "unknown_key" // a signature by a key the bundle does not publish
  | "revoked_key" // a segment signed by a device key after its revocation
  | "bad_signature" // a segment, seal or anchor signature that does not verify
  | "unsigned" // a tracked segment without a signature
  | "bad_segment" // a segment record inconsistent with itself (contract, slot, manual flag)
  | "unknown_segment" // a deletion or memo change of a segment the chain never added
  | "after_seal" // a change to this week's time recorded after the week was sealed
  | "seal_mismatch" // the seal or anchor is for another contract or week, or does not match the chain
  | "screenshot_missing"
  | "screenshot_swapped" // a screenshot whose SHA-256 is not the signed one
  | "table_mismatch" // the portal's table disagrees with the signed records: changed behind the chain's back
  | "not_in_chain" // a segment in the portal's table that no record added
  | "missing_from_table"; // a live segment of the chain that the portal's table no longer shows

export interface Problem {
  code: ProblemCode;
  /** the slot concerned (ISO with milliseconds), when there is one */
  slot: string | null;
  /** the record concerned, when there is one */
  seq: number | null;
  message: string;
}

export type ReportStatus = "holds" | "problems" | "not_sealed" | "unreadable";

export interface SealSummary {
  seq: number;
  head: string;
  keyId: string;
  sealedAt: string;
  invoice: string;
}

export interface Report {
  status: ReportStatus;
  contract: string | null;
  /** the week's Monday, e.g. 2024-06-03 */
  week: string | null;
  seal: SealSummary | null;
  checked: { records: number; segments: number; signatures: number; screenshots: number };
  problems: Problem[];
  /** facts worth knowing that are not problems (where the trusted keys came from, deleted segments) */
  notes: string[];
}

/** The CLI's exit code: 0 sealed and every check passes, 1 a problem found, 2 unreadable, 3 intact but not sealed yet. */
export function exitCode(report: Report): 0 | 1 | 2 | 3 {
  return ({ holds: 0, problems: 1, unreadable: 2, not_sealed: 3 } as const)[report.status];
}

/** A slot as people read it: 2024-06-03 10:00 UTC. */
export function slotLabel(slot: string): string {
  return `${slot.slice(0, 10)} ${slot.slice(11, 16)} UTC`;
}

export function headline(report: Report): string {
  switch (report.status) {
    case "holds":
      return `The bundle holds: week ${report.week} of contract ${report.contract} is sealed and nothing in it was changed.`;
    case "not_sealed":
      return `Nothing was changed, but week ${report.week} of contract ${report.contract} is not sealed yet: it can still change until its weekly close.`;
    case "unreadable":
      return `The bundle cannot be read: ${report.problems[0]?.message ?? "unknown error"}`;
    case "problems":
      return `The bundle does NOT hold: ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"} found.`;
  }
}

/** The report as the CLI prints it. */
export function formatReport(report: Report): string {
  const lines = [headline(report)];
  if (report.status !== "unreadable") {
    const c = report.checked;
    lines.push(`Checked ${c.records} records, ${c.segments} segments, ${c.signatures} signatures and ${c.screenshots} screenshots.`);
    if (report.seal) lines.push(`Sealed at ${report.seal.sealedAt} in invoice ${report.seal.invoice}: record ${report.seal.seq}, head ${report.seal.head}, key ${report.seal.keyId}.`);
    for (const p of report.problems) lines.push(`  PROBLEM${p.slot ? ` [slot ${slotLabel(p.slot)}]` : ""}: ${p.message}`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}
