import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getContract } from "@/lib/contracts/get-contract";
import { ApiError } from "@/lib/api/errors";
import { ContractDetailView } from "@/components/contracts/contract-detail";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Contract" };

export default async function ContractPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const contract = await getContract(user, id, now()).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return <ContractDetailView initial={contract} />;
}
