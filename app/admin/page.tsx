import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listUsers } from "@/lib/admin/list-users";
import { listAudit } from "@/lib/admin/list-audit";
import { listDisputes } from "@/lib/disputes/list-disputes";
import { now } from "@/lib/clock";
import { UserActions } from "@/components/admin/user-actions";
import { InviteUserForm } from "@/components/admin/invite-user-form";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser(["ADMIN"]);
  const [users, audit, queue] = await Promise.all([listUsers(user), listAudit(user, 50), listDisputes(user, { filter: "queue" }, now())]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Admin</h1>
        <div className="flex flex-wrap gap-4">
          <Link href="/admin/disputes" className="text-brand-700 underline" data-testid="dispute-queue-link">
            Disputes queue{queue.length > 0 ? ` (${queue.length} waiting)` : ""}
          </Link>
          <Link href="/disputes" className="text-brand-700 underline">All disputes</Link>
          <Link href="/contracts" className="text-brand-700 underline">All contracts</Link>
        </div>
      </div>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Invite a user</h2>
        <InviteUserForm />
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Users</h2>
        <div className="overflow-x-auto">
          <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Email</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Payment verified</th><th className="px-3 py-2">Status</th><th className="px-3 py-2"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100" data-testid="user-row">
                  <td className="px-3 py-2 font-medium">{u.name}</td>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.role.toLowerCase()}</td>
                  <td className="px-3 py-2">{u.role === "CLIENT" ? (u.paymentVerified ? "Yes" : "No") : "—"}</td>
                  <td className="px-3 py-2">{u.suspended ? "Suspended" : u.invited ? "Invited" : "Active"}</td>
                  <td className="px-3 py-2">{u.id !== user.id && <UserActions userId={u.id} name={u.name} role={u.role} paymentVerified={u.paymentVerified} suspended={u.suspended} secondFactor={u.secondFactor} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Audit log</h2>
        {audit.length === 0 ? <p className="text-slate-500">Nothing yet.</p> : (
          <ol className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm" data-testid="audit-log">
            {audit.map((a) => (
              <li key={a.id} className="px-3 py-2">
                <span className="text-slate-500">{a.at.replace("T", " ").slice(0, 16)} UTC</span> · {a.actor ?? "system"} · <b>{a.action}</b> · {a.entity}
                <span className="block truncate text-xs text-slate-500">{JSON.stringify(a.before)} → {JSON.stringify(a.after)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
