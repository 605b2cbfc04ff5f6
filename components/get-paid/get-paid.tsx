"use client";
// Settings > Get Paid: balances, withdraw now, the withdrawals' history, payout
// methods and the schedule. Server data comes in for the first render; React Query
// keeps it fresh, and the user's realtime events refetch it when money moves.
import { useBalances, useGetPaidLive, usePayoutMethods, type BalancesView, type PayoutMethodView, type PayoutScheduleView, type WithdrawalView } from "@/lib/queries/get-paid";
import { BalanceSummary } from "./balance-summary";
import { PayoutMethodList } from "./payout-method-list";
import { PayoutScheduleForm } from "./payout-schedule-form";
import { WithdrawForm } from "./withdraw-form";
import { WithdrawalHistory } from "./withdrawal-history";

export interface GetPaidData {
  balances: BalancesView;
  methods: PayoutMethodView[];
  schedule: PayoutScheduleView | null;
  withdrawals: WithdrawalView[];
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** `serverNow`: the portal's clock when the page was made (R1.4), so holds and payout days read as the server decides them. */
export function GetPaid({ initial, serverNow, timeZone, userId }: { initial: GetPaidData; serverNow: string; timeZone: string; userId: string }) {
  useGetPaidLive(userId);
  const now = new Date(serverNow);
  const methods = usePayoutMethods(initial.methods).data ?? initial.methods;
  const balances = useBalances(initial.balances).data ?? initial.balances;
  return (
    <div className="space-y-8">
      <BalanceSummary initial={initial.balances} />
      <Section id="withdraw" title="Get Paid Now">
        <WithdrawForm methods={methods} availableCents={Number(balances.availableCents)} now={now} timeZone={timeZone} />
      </Section>
      <Section id="withdrawals" title="Withdrawals">
        <WithdrawalHistory initial={initial.withdrawals} timeZone={timeZone} />
      </Section>
      <Section id="methods" title="Payout methods">
        <PayoutMethodList initial={initial.methods} now={now} timeZone={timeZone} />
      </Section>
      <Section id="schedule" title="Payout schedule">
        <PayoutScheduleForm initial={initial.schedule} methods={methods} now={now} />
      </Section>
    </div>
  );
}
