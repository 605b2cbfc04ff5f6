import { requirePageUser } from "@/lib/auth/require-page-user";
import { listContracts } from "@/lib/contracts/list-contracts";
import { ContractTable } from "@/components/contract-table";
import { now } from "@/lib/clock";

const GREETING = {
  CLIENT: "Your hourly contracts. Review your freelancers' Work Diaries and pay from Reports.",
  FREELANCER: "Your hourly contracts. Track time with the desktop tracker; earnings appear in Reports.",
  ADMIN: "Every contract on the platform. Set terms and settle escalated disputes under Admin.",
} as const;

export default async function HomePage() {
  const user = await requirePageUser();
  const contracts = await listContracts(user, now());
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold" data-testid="home-title">Welcome, {user.name}</h1>
        <p className="text-slate-600">{GREETING[user.role]}</p>
      </div>
      <h2 className="text-lg font-semibold">Contracts</h2>
      <ContractTable contracts={contracts} viewer={user.role} />
    </div>
  );
}
