-- R14.2 a BONUS charge keeps the bonus it pays for (contract, amount, memo, payer, idempotency key), so the
-- charges job can book the bonus when a lost provider answer turns out to be a success (lib/bonuses/pay-bonus.ts).
ALTER TABLE "charges" ADD COLUMN "bonus_draft" JSONB;
