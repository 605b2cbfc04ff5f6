// R6.1 / R6.2 money: integer cents, fees in basis points, half-up rounding done
// once per transaction with integer arithmetic only (no float ever holds a
// fractional amount of money).
import { RULES } from "../config/rules";
import { BillingError } from "./errors";
import { assertBasisPoints, assertCents, assertMinutes } from "./validate";

const BP_PER_WHOLE = 10_000;
const MINUTES_PER_HOUR = 60;

/**
 * numerator / denominator rounded half-up, for integers numerator >= 0, denominator > 0.
 * `%` on safe integers is exact, so (n - r) / d is an exact integer division.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new BillingError("INVALID_ARGUMENT", "numerator", "numerator must be a non-negative safe integer");
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new BillingError("INVALID_ARGUMENT", "denominator", "denominator must be a positive safe integer");
  }
  const r = numerator % denominator;
  const q = (numerator - r) / denominator;
  return r * 2 >= denominator ? q + 1 : q;
}

/**
 * a * b / d rounded half-up, all non-negative integers. Falls back to BigInt when
 * a * b leaves the safe-integer range; a result beyond it is an error, never a rounded guess.
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number, field = "amount"): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return divideRoundHalfUp(product, d);
  const n = BigInt(a) * BigInt(b);
  const big = BigInt(d);
  const r = n % big;
  const q = (n - r) / big + (r * 2n >= big ? 1n : 0n);
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BillingError("INVALID_CENTS", field, `${field} exceeds the safe integer range`);
  }
  return Number(q);
}

export type InvoiceLine = {
  /** billable minutes of the contract week */
  minutes: number;
  rateCents: number;
  /** minutes x rate / 60, rounded half-up once */
  amountCents: number;
};

// R6.1 the hot-path form of invoiceLine, without the object
export function hourlyAmountCents(billableMinutes: number, hourlyRateCents: number): number {
  assertMinutes(billableMinutes, "billableMinutes");
  assertCents(hourlyRateCents, "hourlyRateCents");
  return mulDivRoundHalfUp(hourlyRateCents, billableMinutes, MINUTES_PER_HOUR, "amountCents");
}

/** R6.1 one invoice line per contract week: billable minutes x hourly rate / 60, rounded once. */
export function invoiceLine(input: { billableMinutes: number; hourlyRateCents: number }): InvoiceLine {
  return {
    minutes: input.billableMinutes,
    rateCents: input.hourlyRateCents,
    amountCents: hourlyAmountCents(input.billableMinutes, input.hourlyRateCents),
  };
}

/** amount x basis points / 10000, rounded half-up once. */
export function feeCents(amountCents: number, basisPoints: number, field = "amountCents"): number {
  assertCents(amountCents, field);
  assertBasisPoints(basisPoints, "basisPoints");
  return mulDivRoundHalfUp(amountCents, basisPoints, BP_PER_WHOLE, field);
}

/** R6.2 the client fee on an amount the client pays (default 3%). */
export function clientFeeCents(amountCents: number, basisPoints: number = RULES.fees.clientFeeBp): number {
  return feeCents(amountCents, basisPoints);
}

/** R6.2 the service fee on the freelancer's gross (default 10%). */
export function serviceFeeCents(grossCents: number, basisPoints: number = RULES.fees.serviceFeeBp): number {
  return feeCents(grossCents, basisPoints, "grossCents");
}

export type FeeRates = { clientFeeBp: number; serviceFeeBp: number };

export type FeeBreakdown = {
  /** what the freelancer billed (invoice line, bonus, weekly payment) */
  grossCents: number;
  clientFeeCents: number;
  /** gross + client fee: what the client is charged */
  clientTotalCents: number;
  serviceFeeCents: number;
  /** gross - service fee: what the freelancer earns; gross = net + service fee exactly */
  netCents: number;
};

/**
 * R6.2 every figure of one payment, each fee rounded once.
 * Choice: the client fee applies to every client payment (hourly invoice, weekly payment, bonus),
 * as R6.2 states it for invoices and docs/rules.md names no exception.
 * Choice: `rates` defaults to RULES.fees; callers re-pricing an old transaction pass the rates stored with it.
 */
export function feeBreakdown(grossCents: number, rates: FeeRates = RULES.fees): FeeBreakdown {
  const clientFee = clientFeeCents(grossCents, rates.clientFeeBp);
  const serviceFee = serviceFeeCents(grossCents, rates.serviceFeeBp);
  return {
    grossCents,
    clientFeeCents: clientFee,
    clientTotalCents: grossCents + clientFee,
    serviceFeeCents: serviceFee,
    netCents: grossCents - serviceFee,
  };
}

export type PricedWeek = InvoiceLine & FeeBreakdown;

/** R6.1 + R6.2 the invoice line of a contract week and all its fees. */
export function priceContractWeek(input: { billableMinutes: number; hourlyRateCents: number }, rates: FeeRates = RULES.fees): PricedWeek {
  const amount = hourlyAmountCents(input.billableMinutes, input.hourlyRateCents);
  const clientFee = clientFeeCents(amount, rates.clientFeeBp);
  const serviceFee = serviceFeeCents(amount, rates.serviceFeeBp);
  // Spelled out rather than spread: this runs once per contract at the weekly close, and a
  // two-object spread here cost more than classifying all 120 segments (bench/billing.bench.ts).
  return {
    minutes: input.billableMinutes,
    rateCents: input.hourlyRateCents,
    amountCents: amount,
    grossCents: amount,
    clientFeeCents: clientFee,
    clientTotalCents: amount + clientFee,
    serviceFeeCents: serviceFee,
    netCents: amount - serviceFee,
  };
}

/**
 * Splits `totalCents` into parts proportional to `weights` that add up to the total exactly
 * (largest-remainder method: each part gets its floor, the leftover cents go to the largest remainders).
 * Choice: ties go to the earlier part, so a two-part split rounds the first part half-up;
 * refunds put the refunded share first, so an exact half cent goes to the client.
 * Choice: all-zero weights split 0 into zeros and reject any other total.
 */
export function splitCents(totalCents: number, weights: readonly number[]): number[] {
  assertCents(totalCents, "totalCents");
  if (weights.length === 0) throw new BillingError("INVALID_ARGUMENT", "weights", "weights must not be empty");
  let weightSum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new BillingError("INVALID_ARGUMENT", `weights[${i}]`, "weights must be non-negative safe integers");
    }
    weightSum += w;
  }
  if (!Number.isSafeInteger(weightSum)) throw new BillingError("INVALID_ARGUMENT", "weights", "weights sum beyond the safe integer range");
  if (weightSum === 0) {
    if (totalCents === 0) return weights.map(() => 0);
    throw new BillingError("INVALID_ARGUMENT", "weights", "cannot split a non-zero amount by all-zero weights");
  }
  const n = weights.length;
  const parts = new Array<number>(n);
  const remainders = new Array<bigint>(n);
  // BigInt keeps every total x weight exact whatever the sizes; splits are not on the hot path.
  const total = BigInt(totalCents);
  const sum = BigInt(weightSum);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = total * BigInt(weights[i] as number);
    const q = p / sum;
    parts[i] = Number(q);
    remainders[i] = p - q * sum;
    given += q;
  }
  const leftover = Number(total - given);
  if (leftover > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const ra = remainders[a] as bigint;
      const rb = remainders[b] as bigint;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
    for (let k = 0; k < leftover; k++) {
      const i = order[k] as number;
      parts[i] = (parts[i] as number) + 1;
    }
  }
  return parts;
}
