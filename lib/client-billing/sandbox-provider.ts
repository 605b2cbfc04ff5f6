// The built-in sandbox payment provider: behaves like a card network and a US bank for the test
// numbers below (Stripe's, so people recognise them). Its own state (each source's behaviour and each
// charge under its idempotency key) lives in the sandbox_ tables, as a real provider keeps it on its
// side, so the web process that adds a card and the worker that charges it agree.
// Choice: the sandbox keeps a test number's behaviour, never the number, so no table holds one.
import { randomBytes } from "node:crypto";
import { db, sql } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { cardBrand } from "@/lib/validation/account-numbers";
import {
  ProviderUnavailableError,
  type AddCardResult,
  type BankAccountDetails,
  type CardDetails,
  type PaymentProvider,
  type ProviderChargeResult,
  type VaultedSource,
} from "./provider-types";

type Behaviour = "ok" | "challenge" | "decline_at_charge" | "lose_first_answer";

/** The test numbers, as shown on Settings › Billing while the sandbox is active. */
export const SANDBOX_TEST_CARDS = [
  { number: "4242 4242 4242 4242", effect: "Succeeds." },
  { number: "4000 0000 0000 0002", effect: "Declined when added." },
  { number: "4000 0027 6000 3184", effect: "Asks for a step-up challenge (complete or fail it)." },
  { number: "4000 0000 0000 0341", effect: "Added fine; every charge is declined." },
  { number: "4000 0000 0000 0119", effect: "Added fine; the first answer to each charge is lost (it did succeed)." },
] as const;
export const SANDBOX_BANK = { routingNumber: "110000000", accountNumber: "000123456789", microdeposits: [32, 45] as [number, number] };

const CARD_BEHAVIOUR: Record<string, Behaviour | "decline_at_add"> = {
  "4242424242424242": "ok",
  "4000000000000002": "decline_at_add",
  "4000002760003184": "challenge",
  "4000000000000341": "decline_at_charge",
  "4000000000000119": "lose_first_answer",
};

/** What the sandbox does with a card number: undefined for a number that is not one of its test cards. */
export function sandboxCardBehaviour(number: string): Behaviour | "decline_at_add" | undefined {
  return CARD_BEHAVIOUR[number];
}

/** Stripe's: a repeated idempotency key answers the first result for 30 days. */
const IDEMPOTENCY_KEEP_MS = 30 * 24 * 3_600_000;

const token = (prefix: string) => `${prefix}_${randomBytes(16).toString("base64url")}`;

interface ChargeRow {
  provider_charge_id: string;
  status: string;
  decline_code: string | null;
  decline_message: string | null;
}

function resultOf(row: ChargeRow): ProviderChargeResult {
  if (row.status === "succeeded") return { status: "succeeded", providerChargeId: row.provider_charge_id };
  return { status: "declined", code: row.decline_code as "card_declined", message: row.decline_message ?? "The payment was declined." };
}

export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = "sandbox";

  async addCard(card: CardDetails): Promise<AddCardResult> {
    const behaviour = sandboxCardBehaviour(card.number);
    // Choice: like Stripe's test mode, the sandbox refuses real card numbers, so nobody types one in.
    if (behaviour === undefined) return { status: "declined", message: "The sandbox accepts only its test card numbers (see the Sandbox note)." };
    if (behaviour === "decline_at_add") return { status: "declined", message: "The card was declined by its bank. Try another card." };
    const source = await this.vault("card", behaviour, behaviour === "challenge" ? "pending" : null, []);
    return {
      status: behaviour === "challenge" ? "challenge_required" : "verified",
      token: source,
      last4: card.number.slice(-4),
      brand: cardBrand(card.number),
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
  }

  async completeChallenge(sourceToken: string, outcome: "complete" | "fail"): Promise<"verified" | "failed"> {
    const state = outcome === "complete" ? "completed" : "failed";
    // only a pending challenge takes an answer; a second answer gets the first one's result
    await db().$executeRaw`UPDATE sandbox_payment_sources SET challenge = ${state} WHERE token = ${sourceToken} AND challenge = 'pending'`;
    const rows = await db().$queryRaw<{ challenge: string | null }[]>`SELECT challenge FROM sandbox_payment_sources WHERE token = ${sourceToken}`;
    return rows[0]?.challenge === "completed" ? "verified" : "failed";
  }

  async addBankAccount(account: BankAccountDetails): Promise<VaultedSource> {
    // like a card's challenge, the account is unverified ("pending") until the right micro-deposits come back
    const source = await this.vault("bank_account", "ok", "pending", SANDBOX_BANK.microdeposits);
    const bank = account.routingNumber === SANDBOX_BANK.routingNumber ? "Sandbox Bank" : "Bank";
    return { token: source, last4: account.accountNumber.slice(-4), brand: bank };
  }

  async checkMicrodeposits(sourceToken: string, amounts: [number, number]): Promise<boolean> {
    const rows = await db().$queryRaw<{ microdeposits: number[] | null }[]>`SELECT microdeposits FROM sandbox_payment_sources WHERE token = ${sourceToken}`;
    const sent = [...(rows[0]?.microdeposits ?? [])].sort((a, b) => a - b);
    const typed = [...amounts].sort((a, b) => a - b);
    const right = sent.length === 2 && sent[0] === typed[0] && sent[1] === typed[1];
    if (right) await db().$executeRaw`UPDATE sandbox_payment_sources SET challenge = 'completed' WHERE token = ${sourceToken}`;
    return right;
  }

  async detach(sourceToken: string): Promise<void> {
    await db().$executeRaw`UPDATE sandbox_payment_sources SET detached_at = ${now()} WHERE token = ${sourceToken} AND detached_at IS NULL`;
  }

  /**
   * One round trip, as one network call to a real provider: the source's behaviour read, the outcome decided
   * and the charge recorded under its key in a single statement. A key seen within 30 days answers its first
   * result; an older one is forgotten (the upsert replaces it: a new charge).
   */
  async charge(input: { token: string; amountCents: number; currency: "usd"; idempotencyKey: string; description: string }): Promise<ProviderChargeResult> {
    const at = now();
    const { rows } = await sql().query<ChargeRow & { fresh: boolean; behaviour: string | null }>({
      name: "sandbox:charge",
      text: `
        WITH src AS (SELECT behaviour, challenge, detached_at FROM sandbox_payment_sources WHERE token = $2),
        decided AS (
          SELECT s.behaviour, CASE
              WHEN s.behaviour IS NULL OR s.detached_at IS NOT NULL THEN 'account_closed'
              WHEN s.challenge IS NOT NULL AND s.challenge <> 'completed' THEN 'unverified'
              WHEN s.behaviour = 'decline_at_charge' THEN 'card_declined'
              ELSE 'succeeded' END AS verdict
          FROM (SELECT 1) one LEFT JOIN src s ON true),
        made AS (
          INSERT INTO sandbox_charges (idempotency_key, provider_charge_id, token, amount_cents, status, decline_code, decline_message, created_at)
          SELECT $1, $3, $2, $4, CASE WHEN d.verdict = 'succeeded' THEN 'succeeded' ELSE 'declined' END,
            CASE d.verdict WHEN 'succeeded' THEN NULL WHEN 'account_closed' THEN 'account_closed' ELSE 'card_declined' END,
            CASE d.verdict WHEN 'succeeded' THEN NULL WHEN 'account_closed' THEN 'This payment method was removed.'
              WHEN 'unverified' THEN 'The payment method''s verification was not completed.' ELSE 'The card was declined by its bank.' END,
            $5
          FROM decided d
          ON CONFLICT (idempotency_key) DO UPDATE SET provider_charge_id = excluded.provider_charge_id, token = excluded.token,
            amount_cents = excluded.amount_cents, status = excluded.status, decline_code = excluded.decline_code,
            decline_message = excluded.decline_message, created_at = excluded.created_at
            WHERE sandbox_charges.created_at < $6
          RETURNING provider_charge_id, status, decline_code, decline_message)
        SELECT m.*, true AS fresh, (SELECT behaviour FROM decided) AS behaviour FROM made m
        UNION ALL
        SELECT c.provider_charge_id, c.status, c.decline_code, c.decline_message, false, NULL
        FROM sandbox_charges c WHERE c.idempotency_key = $1 AND NOT EXISTS (SELECT 1 FROM made)`,
      values: [input.idempotencyKey, input.token, token("sbxch"), input.amountCents, at, new Date(at.getTime() - IDEMPOTENCY_KEEP_MS)],
    });
    const row = rows[0];
    // the lost-answer card: the charge is made, but its answer never reaches the caller
    if (row?.fresh && row.behaviour === "lose_first_answer") throw new ProviderUnavailableError("The sandbox lost the answer to this charge (test card 4000 0000 0000 0119).");
    if (row) return resultOf(row);
    // Two callers with one key at once: the first insert wins; the other's statement saw no row, so it reads it now.
    const first = await this.findCharge(input.idempotencyKey);
    if (!first) throw new ProviderUnavailableError();
    return first;
  }

  async findCharge(idempotencyKey: string): Promise<ProviderChargeResult | null> {
    const { rows } = await sql().query<ChargeRow>({
      name: "sandbox:find-charge",
      text: "SELECT provider_charge_id, status, decline_code, decline_message FROM sandbox_charges WHERE idempotency_key = $1",
      values: [idempotencyKey],
    });
    return rows[0] ? resultOf(rows[0]) : null;
  }

  private async vault(kind: string, behaviour: Behaviour, challenge: string | null, microdeposits: number[]): Promise<string> {
    const source = token("sbxsrc");
    await db().$executeRaw`
      INSERT INTO sandbox_payment_sources (token, kind, behaviour, challenge, microdeposits, created_at)
      VALUES (${source}, ${kind}, ${behaviour}, ${challenge}, ${microdeposits}, ${now()})`;
    return source;
  }
}
