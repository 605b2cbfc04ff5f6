import type { Metadata } from "next";
import { previewInvitation, type InvitationPreview } from "@/lib/accounts/invitations";
import { JoinForm } from "@/components/accounts/join-form";
import { AccountCard, LinkProblem } from "@/components/accounts/link-problem";

export const metadata: Metadata = { title: "Join Hourglass" };

// R16.1 the invitation link: choose a name and password, then straight to the offer.
// Choice: anyone holding the link may join, signed in or not: the link went to the invited address.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: InvitationPreview;
  try {
    invitation = await previewInvitation(token);
  } catch (error) {
    return <LinkProblem error={error} title="This invitation cannot be used" />;
  }
  const from = invitation.inviterName ?? "An admin";
  const intro = invitation.offerTitle
    ? `${from} sent you an offer, "${invitation.offerTitle}". Choose your name and a password to see and accept it.`
    : `${from} invited you as ${invitation.role === "ADMIN" ? "an admin" : `a ${invitation.role.toLowerCase()}`}. Choose your name and a password.`;
  return (
    <AccountCard title="Join Hourglass" intro={intro}>
      <JoinForm endpoint="/api/accounts/invitations/accept" extra={{ token }} fixedEmail={invitation.email} submitLabel={invitation.offerTitle ? "Join and see the offer" : "Join"} />
    </AccountCard>
  );
}
