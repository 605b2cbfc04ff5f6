// A segment refused by a rule (R1.3, R2.6, R2.7, R7.2). Answered as 422 in the
// one error shape, with machine-readable `reasons` so a tracker can tell a
// clock-skew rejection (worth retrying later) from a final one.
export type SegmentRejectionReason =
  | "CONTRACT_NOT_ACTIVE"
  | "CONTRACT_PAUSED"
  | "SLOT_IN_FUTURE"
  | "WEEK_LOCKED"
  | "SLOT_BEFORE_CONTRACT"
  | "SCREENSHOT_IN_FUTURE";

const MESSAGES: Record<SegmentRejectionReason, { field: string; message: string }> = {
  CONTRACT_NOT_ACTIVE: { field: "contractId", message: "The contract is not active (it has ended or is not yet accepted)." },
  CONTRACT_PAUSED: { field: "contractId", message: "The contract is paused; no time is accepted until it resumes." },
  SLOT_IN_FUTURE: { field: "slotStart", message: "The slot starts in the future (more than the allowed clock skew). Check the computer's clock." },
  WEEK_LOCKED: { field: "slotStart", message: "The slot's week is closed and locked." },
  SLOT_BEFORE_CONTRACT: { field: "slotStart", message: "The slot is before the contract started." },
  SCREENSHOT_IN_FUTURE: { field: "screenshotTakenAt", message: "The screenshot is dated in the future. Check the computer's clock." },
};

export class SegmentRejected extends Error {
  readonly fields: Record<string, string>;

  constructor(readonly reasons: SegmentRejectionReason[]) {
    super(`Segment rejected: ${reasons.map((r) => MESSAGES[r].message).join(" ")}`);
    this.name = "SegmentRejected";
    const fields: Record<string, string> = {};
    for (const r of reasons) fields[MESSAGES[r].field] ??= MESSAGES[r].message;
    this.fields = fields;
  }

  toBody() {
    return { error: { code: "validation_failed" as const, message: this.message, fields: this.fields, reasons: this.reasons } };
  }
}
