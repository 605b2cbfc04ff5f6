import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getContract } from "@/lib/contracts/get-contract";
import { ApiError } from "@/lib/errors";
import { canPayBonus } from "@/lib/billing";
import { ContractDetailView } from "@/components/contracts/contract-detail";
import { now } from "@/lib/clock";
import { wasAccepted } from "@/lib/contracts/status";
import { clientBillingStatus } from "@/lib/client-billing/charge-views";
import { ClientBillingBanner, ContractBillingStatus } from "@/components/billing/contract-billing-status";

export const metadata: Metadata = { title: "Contract" };

export default async function ContractPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const at = now();
  const contract = await getContract(user, id, at).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  // R8 the contract's client may pay a bonus while it is active (paused counts) or up to 365 days after it ended;
  // the service checks again when it is paid.
  const isClient = contract.client.id === user.id;
  const bonusOpen = isClient && wasAccepted(contract.status) && canPayBonus({ startedAt: new Date(contract.startsAt), endedAt: contract.endedAt ? new Date(contract.endedAt) : null }, at);
  // R14.3 / R14.4 the freelancer sees this contract's side of the client's billing; the client, a failed charge's banner
  const isFreelancer = contract.freelancer.id === user.id;
  const billing = isClient || isFreelancer ? await clientBillingStatus(contract.client.id, at, isFreelancer ? { contractId: contract.id } : {}) : null;
  return (
    <>
      {billing && isClient && <div className="mb-4"><ClientBillingBanner status={billing} /></div>}
      {billing && isFreelancer && wasAccepted(contract.status) && <div className="mb-4"><ContractBillingStatus status={billing} /></div>}
      <ContractDetailView initial={contract} viewer={{ isClient, isAdmin: user.role === "ADMIN" }} bonusOpen={bonusOpen} />
    </>
  );
}
