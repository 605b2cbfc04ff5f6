// R16.1 a client who has not confirmed their email sees this on every page until they do: they cannot hire yet.
import type { CurrentUser } from "@/lib/auth/current-user";
import { isEmailConfirmed } from "@/lib/accounts/confirm-email";
import { ResendConfirmationButton } from "./resend-confirmation-button";

export async function ConfirmEmailBanner({ user }: { user: CurrentUser | null }) {
  if (!user || user.role !== "CLIENT" || (await isEmailConfirmed(user.id))) return null;
  return (
    <div role="status" data-testid="confirm-email-banner" className="mb-4 flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="flex-1">
        <strong>Confirm your email.</strong> Open the link we sent to {user.email} to start hiring.
      </p>
      <ResendConfirmationButton />
    </div>
  );
}
