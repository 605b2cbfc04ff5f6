import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { getDispute } from "@/lib/disputes/get-dispute";
import { DisputeDetailView } from "@/components/disputes/dispute-detail";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Dispute" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  // Another user's dispute is 404, as if it did not exist.
  const dispute = UUID.test(id) ? await getDispute(user, id, now()) : null;
  if (!dispute) notFound();
  const viewer = user.role === "ADMIN" ? "admin" : dispute.client.id === user.id ? "client" : "freelancer";
  return <DisputeDetailView initial={dispute} viewer={viewer} />;
}
