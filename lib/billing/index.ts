// Public API of the billing rules (docs/rules.md sections 1-10): pure functions, `now` passed in,
// Dates at the boundary, integer cents for money. Every other part computes time and money through these.
export { BILLING_ERROR_CODES, BillingError, isBillingError, type BillingErrorCode } from "./errors";
export { assertCents } from "./validate";
export {
  assertSlotStart,
  assertWeekStart,
  bonusAvailableAt,
  hourlyAvailableAt,
  hourlyEarningStatus,
  hourlyEarningTimeline,
  isInReviewWindow,
  isSlotStart,
  isWeekEditable,
  reviewWindowEndsAt,
  slotStartOf,
  weekCloseAt,
  weekEndOf,
  weekStartOf,
  weeklyPaymentAvailableAt,
  SLOT_MINUTES,
  SLOT_MS,
  type HourlyEarningStatus,
  type HourlyEarningTimeline,
} from "./time";
export {
  assertLimitHours,
  effectiveWeeklyLimitHours,
  limitMinutesOf,
  type LimitChange,
  type WeeklyLimitHours,
} from "./weekly-limit";
export {
  classifyContractWeek,
  classifyContractWeekWithLimit,
  billableMinutesOfCount,
  classifySlots,
  SLOT_BILLABLE,
  SLOT_OVER_LIMIT,
  type ClassifiedWeek,
  type SegmentClass,
  type WeekSegment,
} from "./classify";
export { activityColour, activityLevel, assertActivityLevel, diaryLook, type ActivityColour, type DiaryLook } from "./activity";
export {
  canBeProtected,
  hourlyProtection,
  type PaymentKind,
  type ProtectionFailure,
  type ProtectionInput,
  type ProtectionVerdict,
} from "./protection";
export {
  clientFeeCents,
  divideRoundHalfUp,
  feeBreakdown,
  feeCents,
  hourlyAmountCents,
  invoiceLine,
  mulDivRoundHalfUp,
  priceContractWeek,
  serviceFeeCents,
  splitCents,
  type FeeBreakdown,
  type FeeRates,
  type InvoiceLine,
  type PricedWeek,
} from "./money";
export {
  activeFrom,
  wasPausedDuringWeek,
  weeklyPaymentForWeek,
  weeklyPaymentPercent,
  type ContractSpan,
  type PauseInterval,
  type WeeklyPaymentResult,
} from "./weekly-payment";
export { assertBonusWithinLimit, bonusPayment, canPayBonus, type BonusPayment } from "./bonus";
export {
  acceptedDisputeRefund,
  adminReviewRefund,
  canFileDispute,
  disputeResponseDeadline,
  disputeStage,
  refundAfterPrior,
  refundForMinutes,
  type AdminReviewResult,
  type DisputeHistory,
  type DisputeRefund,
  type DisputeStage,
  type InvoicedWeek,
} from "./disputes";
export {
  assertPayoutMethod,
  assertPayoutSchedule,
  isPayoutMethodUsable,
  isScheduledPayoutDay,
  nextScheduledPayoutDate,
  payoutFeeCents,
  payoutMethodUsableAt,
  quoteWithdrawal,
  scheduledPayout,
  type ScheduledPayoutDecision,
  type ScheduledPayoutSkip,
  type WithdrawalQuote,
} from "./payouts";
export {
  isSlotRecorded,
  manualSlotRejections,
  screenshotMoment,
  trackedSlotRejections,
  trackerShouldStop,
  type ContractState,
  type ManualSlotRejection,
  type TrackedSlotRejection,
} from "./ingest";
export { chargeWriteOffAt, nextChargeRetryAt, unpaidHourlyShares, SCHEDULED_CHARGE_ATTEMPTS, type UnpaidHourlyShares } from "./client-charges";
