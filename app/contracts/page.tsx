import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listContracts } from "@/lib/contracts/list-contracts";
import { ContractTable } from "@/components/contract-table";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Contracts" };

export default async function ContractsPage() {
  const user = await requirePageUser();
  const contracts = await listContracts(user, now());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Contracts</h1>
        {user.role !== "FREELANCER" && (
          <Link href="/contracts/new" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">New contract</Link>
        )}
      </div>
      <ContractTable contracts={contracts} viewer={user.role} />
    </div>
  );
}
