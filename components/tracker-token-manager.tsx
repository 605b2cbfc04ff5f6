"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useCreateTrackerToken, useRevokeTrackerToken, useTrackerTokens } from "@/lib/queries/tracker-tokens";
import { ApiClientError } from "@/lib/queries/api-client";
import { CopyButton } from "@/components/copy-button";
import { useConfirm } from "@/components/confirm-dialog";
import type { TrackerTokenView } from "@/lib/tracker-tokens/list-tracker-tokens";

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

/** Settings › Tracker: the computers signed in at /device, and tokens created here for headless use. */
export function TrackerTokenManager() {
  const tokens = useTrackerTokens();
  const devices = tokens.data?.filter((t) => t.viaDevice);
  const pasted = tokens.data?.filter((t) => !t.viaDevice);
  return (
    <div className="space-y-8">
      {tokens.isPending && <p className="animate-pulse text-slate-500">Loading devices…</p>}
      {tokens.isError && (
        <p role="alert" className="text-red-700">Could not load your devices and tokens. <button className="underline" onClick={() => tokens.refetch()}>Retry</button></p>
      )}
      <section aria-labelledby="devices-heading" className="space-y-3">
        <h2 id="devices-heading" className="text-lg font-semibold">Devices</h2>
        <p className="text-sm text-slate-600">
          Computers whose tracker you signed in: run <code>hourglass-tracker login &lt;portal URL&gt;</code> and approve its code. Revoke one you no longer use or have lost.
        </p>
        {devices?.length === 0 && (
          <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No devices yet. <Link href="/download" className="underline">Download the tracker</Link> and sign it in.
          </p>
        )}
        {devices && devices.length > 0 && <TokenTable tokens={devices} kind="device" />}
      </section>
      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-lg font-semibold">Tokens for headless use</h2>
        <p className="text-sm text-slate-600">For a tracker without a browser (a server, a script): create a token and pass it with <code>--token</code>.</p>
        <CreateTokenForm />
        {pasted?.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No tokens yet.</p>}
        {pasted && pasted.length > 0 && <TokenTable tokens={pasted} kind="token" />}
      </section>
    </div>
  );
}

function CreateTokenForm() {
  const create = useCreateTrackerToken();
  const [name, setName] = useState("");
  const fieldError = create.error instanceof ApiClientError ? (create.error.fields.name ?? create.error.message) : create.error ? "Could not create the token. Try again." : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName("") });
  }

  return (
    <>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4" noValidate>
        <div className="min-w-64 flex-1">
          <label htmlFor="token-name" className="mb-1 block text-sm font-medium">Token name</label>
          <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Build server"
            aria-invalid={Boolean(fieldError)} aria-describedby={fieldError ? "token-name-error" : undefined}
            className="w-full rounded border border-slate-300 px-3 py-2" />
          {fieldError && <p id="token-name-error" className="mt-1 text-sm text-red-700">{fieldError}</p>}
        </div>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>
      {create.data && (
        <div role="status" className="rounded border border-brand-500 bg-brand-50 p-4">
          <p className="font-medium">Token “{create.data.name}” created. Copy it now: it is shown only once.</p>
          <div className="mt-2 flex items-start gap-2">
            <code id="new-token" data-testid="new-token" className="block flex-1 break-all rounded bg-white p-2 font-mono text-sm">{create.data.token}</code>
            <CopyButton text={create.data.token} targetId="new-token" name="token" />
          </div>
          <p className="mt-2 text-sm text-slate-600">Use it with: <code>hourglass-tracker login --url &lt;portal&gt; --token &lt;token&gt;</code></p>
        </div>
      )}
    </>
  );
}

function TokenTable({ tokens, kind }: { tokens: TrackerTokenView[]; kind: "device" | "token" }) {
  const revoke = useRevokeTrackerToken();
  const [confirm, confirmDialog] = useConfirm();
  const device = kind === "device";
  async function ask(t: TrackerTokenView) {
    const body = device ? "The tracker on this computer stops at once; sign it in again to use it." : "Trackers using it stop at once; a revoked token cannot be used again.";
    if (await confirm({ title: `Revoke “${t.name}”?`, body, confirmLabel: device ? "Revoke device" : "Revoke token" })) revoke.mutate(t.id);
  }
  return (
    <>
      <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2">{device ? "Device" : "Name"}</th>
            <th className="px-3 py-2">Token</th>
            <th className="px-3 py-2">{device ? "Signed in" : "Created"}</th>
            <th className="px-3 py-2">Last used</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-slate-100" data-testid={device ? "device-row" : "token-row"}>
              <td className="px-3 py-2 font-medium">{t.name}</td>
              <td className="px-3 py-2 font-mono">{t.prefix}…</td>
              <td className="px-3 py-2">{when(t.createdAt)}</td>
              <td className="px-3 py-2">{when(t.lastUsedAt)}</td>
              <td className="px-3 py-2 text-right">
                {t.revokedAt ? (
                  <span className="text-slate-500">revoked {when(t.revokedAt)}</span>
                ) : (
                  <button type="button" disabled={revoke.isPending} onClick={() => ask(t)}
                    className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50">Revoke</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirmDialog}
    </>
  );
}
