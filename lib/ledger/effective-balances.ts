// R6.3 / R8 / R9.3 balances as they stand at `now`, whether or not the maturity
// job has booked the steps that are due: the booked balances plus the moves the
// job will book. Pure: the service reads the rows, this applies the rules' times.

export interface BookedFreelancerBalances {
  inReview: bigint;
  pending: bigint;
  available: bigint;
  held: bigint;
  paidOut: bigint;
}

/** One earning with a step due at or before `now` that is not booked yet, with its money still in review / pending. */
export interface DueLot {
  stage: "PENDING" | "AVAILABLE";
  pendingAt: Date | null;
  availableAt: Date;
  inReview: bigint;
  pending: bigint;
}

export function effectiveBalances(booked: BookedFreelancerBalances, due: readonly DueLot[], now: Date): BookedFreelancerBalances {
  const out = { ...booked };
  const t = now.getTime();
  for (const lot of due) {
    let inReview = lot.inReview;
    let pending = lot.pending;
    if (lot.stage === "PENDING" && lot.pendingAt !== null && lot.pendingAt.getTime() <= t) {
      out.inReview -= inReview;
      out.pending += inReview;
      pending += inReview;
      inReview = 0n;
    }
    if (lot.availableAt.getTime() <= t) {
      out.inReview -= inReview;
      out.pending -= pending;
      out.available += inReview + pending;
    }
  }
  return out;
}
