import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listUsers } from "@/lib/admin/list-users";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser(["ADMIN"]);
  const users = await listUsers(user);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <h2 className="text-lg font-semibold">Users</h2>
      <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Email</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Payment verified</th><th className="px-3 py-2">Status</th></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-slate-100">
              <td className="px-3 py-2 font-medium">{u.name}</td>
              <td className="px-3 py-2">{u.email}</td>
              <td className="px-3 py-2">{u.role.toLowerCase()}</td>
              <td className="px-3 py-2">{u.role === "CLIENT" ? (u.paymentVerified ? "Yes" : "No") : "—"}</td>
              <td className="px-3 py-2">{u.suspended ? "Suspended" : "Active"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
