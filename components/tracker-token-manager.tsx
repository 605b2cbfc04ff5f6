"use client";
import { useState, type FormEvent } from "react";
import { useCreateTrackerToken, useRevokeTrackerToken, useTrackerTokens } from "@/lib/queries/tracker-tokens";
import { ApiClientError } from "@/lib/queries/api-client";
import { CopyButton } from "@/components/copy-button";
import { useConfirm } from "@/components/confirm-dialog";

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

export function TrackerTokenManager() {
  const tokens = useTrackerTokens();
  const create = useCreateTrackerToken();
  const revoke = useRevokeTrackerToken();
  const [name, setName] = useState("");
  const [confirm, confirmDialog] = useConfirm();
  const fieldError = create.error instanceof ApiClientError ? (create.error.fields.name ?? create.error.message) : create.error ? "Could not create the token. Try again." : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName("") });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4" noValidate>
        <div className="min-w-64 flex-1">
          <label htmlFor="token-name" className="mb-1 block text-sm font-medium">Token name</label>
          <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Work laptop"
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
          <p className="mt-2 text-sm text-slate-600">Use it with: <code>npm run tracker -- login --url &lt;portal&gt; --token &lt;token&gt;</code></p>
        </div>
      )}

      {tokens.isPending && <p className="animate-pulse text-slate-500">Loading tokens…</p>}
      {tokens.isError && (
        <p role="alert" className="text-red-700">Could not load your tokens. <button className="underline" onClick={() => tokens.refetch()}>Retry</button></p>
      )}
      {tokens.data?.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No tokens yet.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Token</th><th className="px-3 py-2">Created</th><th className="px-3 py-2">Last used</th><th className="px-3 py-2"></th></tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} className="border-t border-slate-100" data-testid="token-row">
                <td className="px-3 py-2 font-medium">{t.name}</td>
                <td className="px-3 py-2 font-mono">{t.prefix}…</td>
                <td className="px-3 py-2">{when(t.createdAt)}</td>
                <td className="px-3 py-2">{when(t.lastUsedAt)}</td>
                <td className="px-3 py-2 text-right">
                  {t.revokedAt ? (
                    <span className="text-slate-500">revoked {when(t.revokedAt)}</span>
                  ) : (
                    <button type="button" disabled={revoke.isPending} onClick={async () => { if (await confirm({ title: `Revoke “${t.name}”?`, body: "Trackers using it stop at once; a revoked token cannot be used again.", confirmLabel: "Revoke token" })) revoke.mutate(t.id); }}
                      className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50">Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirmDialog}
    </div>
  );
}
