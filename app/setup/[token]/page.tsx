import type { Metadata } from "next";
import { checkSetupLink } from "@/lib/accounts/setup-admin";
import { JoinForm } from "@/components/accounts/join-form";
import { AccountCard, LinkProblem } from "@/components/accounts/link-problem";

export const metadata: Metadata = { title: "Set up Hourglass" };

// R16.1 the one-time link `npm start` printed on a database with no admin.
export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    await checkSetupLink(token);
  } catch (error) {
    return <LinkProblem error={error} title="This setup link cannot be used" />;
  }
  return (
    <AccountCard title="Create the first admin" intro="This account runs the portal: it invites users and settles disputes.">
      <JoinForm endpoint="/api/accounts/setup" extra={{ token }} submitLabel="Create admin" />
    </AccountCard>
  );
}
