"use client";
// R16.3 enrol (QR code drawn on the server, and the secret as text), confirm with a first code, see the 10
// recovery codes once, regenerate them, turn two-step verification off (not for admins).
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import type { Enrolment, SecondFactorStatus } from "@/lib/auth/second-factor-enrolment";
import { SecondFactorCodeField } from "@/components/second-factor-code-field";

const asError = (e: unknown) => (e instanceof ApiClientError ? e : e ? new ApiClientError(0, "network", "Could not reach the portal. Try again.") : null);
const BUTTON = "rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60";
const SECONDARY = "rounded border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60";

function FormError({ error }: { error: ApiClientError | null }) {
  if (!error || error.fields.code) return null;
  return <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{error.message}</p>;
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <section aria-labelledby="recovery-heading" className="space-y-3 rounded border border-amber-300 bg-amber-50 p-4">
      <h2 id="recovery-heading" className="text-lg font-semibold">Your recovery codes</h2>
      <p className="text-sm text-slate-700">
        Each code signs you in once if you lose your phone. Save them somewhere safe now: they are not shown again.
      </p>
      <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((code) => <li key={code}>{code}</li>)}
      </ul>
      <button type="button" className={BUTTON} onClick={onDone}>I have saved my recovery codes</button>
    </section>
  );
}

function Enrol({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const start = useMutation({ mutationFn: () => apiFetch<Enrolment>("/api/account/second-factor/enrolment", { method: "POST" }) });
  const confirm = useMutation({
    mutationFn: () => apiFetch<{ recoveryCodes: string[] }>("/api/account/second-factor", { method: "POST", body: { code } }),
    onSuccess: (data) => onCodes(data.recoveryCodes),
  });
  if (!start.data) {
    return (
      <div className="space-y-2">
        <FormError error={asError(start.error)} />
        <button type="button" className={BUTTON} disabled={start.isPending} onClick={() => start.mutate()}>Set up two-step verification</button>
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700">
        <li>
          Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy…).
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server */}
          <img src={start.data.qrDataUrl} alt="QR code for your authenticator app" width={192} height={192} className="mt-2 rounded border border-slate-200 bg-white" />
        </li>
        <li>
          Or type this key into the app: <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 font-mono">{start.data.secret}</code>
        </li>
        <li>Enter the code the app shows to turn two-step verification on.</li>
      </ol>
      <SecondFactorCodeField id="enrol-code" value={code} onChange={setCode} error={asError(confirm.error)} recoveryHint={false} />
      <FormError error={asError(confirm.error)} />
      <button type="submit" className={BUTTON} disabled={confirm.isPending}>Turn on</button>
    </form>
  );
}

/** A form of one code field and one button, posting { code } to `path`. */
function CodeAction({ id, path, method, label, onDone }: { id: string; path: string; method: string; label: string; onDone: (data: { recoveryCodes?: string[] } | undefined) => void }) {
  const [code, setCode] = useState("");
  const action = useMutation({ mutationFn: () => apiFetch<{ recoveryCodes?: string[] } | undefined>(path, { method, body: { code } }), onSuccess: onDone });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate();
  };
  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <SecondFactorCodeField id={id} value={code} onChange={setCode} error={asError(action.error)} />
      <FormError error={asError(action.error)} />
      <button type="submit" className={SECONDARY} disabled={action.isPending}>{label}</button>
    </form>
  );
}

export function SecuritySettings({ status }: { status: SecondFactorStatus }) {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} onDone={() => { setCodes(null); router.refresh(); }} />;
  if (!status.enabled) {
    return (
      <section className="space-y-3">
        <p data-testid="second-factor-status" className="font-medium">Two-step verification is off.</p>
        {status.required && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Admins must use two-step verification. Set it up to continue using the portal.
          </p>
        )}
        <Enrol onCodes={setCodes} />
      </section>
    );
  }
  return (
    <section className="space-y-6">
      <p data-testid="second-factor-status" className="font-medium">
        Two-step verification is on. {status.recoveryCodesLeft} of 10 recovery codes left.
      </p>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">New recovery codes</h2>
        <p className="text-sm text-slate-600">The codes you have now stop working.</p>
        <CodeAction id="regenerate-code" path="/api/account/second-factor/recovery-codes" method="POST" label="Make new recovery codes" onDone={(d) => setCodes(d?.recoveryCodes ?? [])} />
      </div>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Turn off</h2>
        {status.required ? (
          <p className="text-sm text-slate-600">Admins must keep two-step verification on.</p>
        ) : (
          <CodeAction id="turn-off-code" path="/api/account/second-factor" method="DELETE" label="Turn off two-step verification" onDone={() => router.refresh()} />
        )}
      </div>
    </section>
  );
}
