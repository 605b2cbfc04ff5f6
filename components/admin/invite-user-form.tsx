"use client";
// R16.1 admins invite users of any role from /admin (only admins invite admins).
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { Field, inputClass } from "@/components/contracts/field";

const ROLES = [
  { value: "FREELANCER", label: "Freelancer" },
  { value: "CLIENT", label: "Client" },
  { value: "ADMIN", label: "Admin" },
] as const;

export function InviteUserForm() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof ROLES)[number]["value"]>("FREELANCER");
  const invite = useMutation({
    mutationFn: () => apiFetch<{ id: string; resent: boolean }>("/api/accounts/invitations", { method: "POST", body: { email, role } }),
    onSuccess: () => router.refresh(),
  });
  const error = invite.error instanceof ApiClientError ? invite.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-start gap-3 rounded border border-slate-200 bg-white p-4" noValidate data-testid="invite-user-form">
      <div className="min-w-64 flex-1">
        <Field id="invite-email" label="Email" error={error?.fields.email}>
          <input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass}
            aria-invalid={Boolean(error?.fields.email)} aria-describedby={error?.fields.email ? "invite-email-error" : undefined} />
        </Field>
      </div>
      <Field id="invite-role" label="Role" error={error?.fields.role}>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)} className={inputClass}>
          {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
      </Field>
      <button type="submit" disabled={invite.isPending} className="mt-6 rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {invite.isPending ? "Inviting…" : "Send invitation"}
      </button>
      <div className="basis-full text-sm" aria-live="polite">
        {invite.isSuccess && <p role="status" className="text-green-800">{invite.data.resent ? "Invitation sent again." : "Invitation sent."} It works once, for 7 days.</p>}
        {error && !error.fields.email && !error.fields.role && <p role="alert" className="text-red-700">{error.message}</p>}
      </div>
    </form>
  );
}
