// The dispute's ledger lines on the viewer's accounts (an admin sees both parties'), with their
// reference IDs as in Transaction History (R12): held, refunded and released money.
import type { DisputeView } from "@/lib/disputes/get-dispute";
import { formatCents } from "@/lib/format/money";
import { transactionTypeLabel } from "@/lib/validation/money";
import { utc } from "./labels";
import { Table } from "./table";

const ACCOUNT_TEXT: Record<string, string> = { charges: "Charges", in_review: "In review", pending: "Pending", available: "Available", held: "Held" };

export function DisputeMoney({ dispute, showParty }: { dispute: DisputeView; showParty: boolean }) {
  if (dispute.money.length === 0) return <p className="text-sm text-slate-500">No money has moved for this dispute on your accounts yet.</p>;
  return (
    <Table label="The dispute in money" testId="dispute-money" columns={[
      { label: "Date" }, { label: "Reference ID" }, { label: "Type" }, { label: "Description" }, showParty && { label: "Party" }, { label: "Account" }, { label: "Amount", right: true },
    ]}>
      {dispute.money.map((m, i) => (
        <tr key={`${m.referenceId}-${i}`} className="border-t border-slate-100" data-testid="money-line" data-type={m.type} data-party={m.party} data-account={m.account}>
          <td className="px-3 py-2 whitespace-nowrap">{utc(m.at)}</td>
          <td className="px-3 py-2 font-mono text-xs">{m.referenceId}</td>
          <td className="px-3 py-2">{transactionTypeLabel(m.type, m.referenceId)}</td>
          <td className="px-3 py-2">{m.description}</td>
          {showParty && <td className="px-3 py-2">{m.party}</td>}
          <td className="px-3 py-2">{ACCOUNT_TEXT[m.account] ?? m.account}</td>
          <td className={`px-3 py-2 text-right tabular-nums ${m.amountCents < 0 ? "text-red-700" : "text-green-800"}`} data-testid="money-amount">{formatCents(m.amountCents)}</td>
        </tr>
      ))}
    </Table>
  );
}
