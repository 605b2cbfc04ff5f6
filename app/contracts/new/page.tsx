import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { NewContractForm } from "@/components/contracts/new-contract-form";

export const metadata: Metadata = { title: "New contract" };

export default async function NewContractPage() {
  const user = await requirePageUser(["CLIENT", "ADMIN"]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New contract</h1>
      <p className="text-slate-600">The freelancer receives it as an offer and starts tracking once they accept.</p>
      <NewContractForm asAdmin={user.role === "ADMIN"} />
    </div>
  );
}
