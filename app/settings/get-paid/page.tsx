import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getBalances } from "@/lib/ledger/balances";
import { listPayoutMethods } from "@/lib/payouts/list-payout-methods";
import { listWithdrawals } from "@/lib/payouts/list-withdrawals";
import { getPayoutSchedule } from "@/lib/payouts/payout-schedule";
import { GetPaid } from "@/components/get-paid/get-paid";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Get Paid" };

export default async function GetPaidPage() {
  const user = await requirePageUser(["FREELANCER"]);
  const at = now();
  const [balances, methods, schedule, withdrawals] = await Promise.all([getBalances(user, at), listPayoutMethods(user), getPayoutSchedule(user, at), listWithdrawals(user)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Get Paid</h1>
        <p className="text-slate-600">Withdraw what is available, or let a schedule send it to your default method.</p>
      </div>
      <GetPaid initial={{ balances, methods, schedule, withdrawals }} serverNow={at.toISOString()} timeZone={user.timezone} userId={user.id} />
    </div>
  );
}
