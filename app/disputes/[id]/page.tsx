import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { ApiError } from "@/lib/errors";
import { getDispute } from "@/lib/disputes/get-dispute";
import { getDisputeConversation } from "@/lib/messages/get-dispute-conversation";
import { DisputeDetailView } from "@/components/disputes/dispute-detail";
import { ReadOnlyConversation } from "@/components/messages/read-only-conversation";
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
  // The admin's review reads the contract's conversation here, read-only; the parties have Messages.
  // A contract without a conversation (none is made for it) shows the dispute alone.
  const talk =
    viewer === "admin"
      ? await getDisputeConversation(user, dispute.id).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === "not_found") return null;
          throw error;
        })
      : null;
  return (
    <div className="space-y-8">
      <DisputeDetailView initial={dispute} viewer={viewer} />
      {talk && <ReadOnlyConversation conversation={talk.conversation} firstPage={talk.firstPage} timeZone={user.timezone} />}
    </div>
  );
}
