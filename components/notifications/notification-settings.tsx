"use client";
// R16.4 Settings › Notifications: each kind, in the portal and by email, switched separately; saved at once.
import { KIND_LABELS } from "@/lib/notifications/kinds";
import { useNotificationPreferences, useSetNotificationPreference, type PreferenceView } from "@/lib/queries/notifications";

export function NotificationSettings({ initial }: { initial: PreferenceView[] }) {
  const preferences = useNotificationPreferences(initial).data ?? [];
  const save = useSetNotificationPreference();
  return (
    <div className="space-y-2">
      <table className="w-full rounded border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Event</th>
            <th scope="col" className="px-3 py-2 text-center font-medium">In the portal</th>
            <th scope="col" className="px-3 py-2 text-center font-medium">By email</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {preferences.map((p) => (
            <tr key={p.kind} data-testid={`preference-${p.kind}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal text-slate-800">{KIND_LABELS[p.kind]}</th>
              <td className="px-3 py-2 text-center">
                <input type="checkbox" role="switch" aria-label={`${KIND_LABELS[p.kind]} in the portal`} checked={p.inApp}
                  onChange={(e) => save.mutate({ kind: p.kind, inApp: e.target.checked })} className="h-4 w-4" />
              </td>
              <td className="px-3 py-2 text-center">
                <input type="checkbox" role="switch" aria-label={`${KIND_LABELS[p.kind]} by email`} checked={p.email}
                  onChange={(e) => save.mutate({ kind: p.kind, email: e.target.checked })} className="h-4 w-4" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="text-sm text-slate-600">{save.isError ? "Could not save; try again." : save.isSuccess ? "Saved." : ""}</p>
    </div>
  );
}
