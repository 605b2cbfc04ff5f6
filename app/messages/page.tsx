import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listConversations } from "@/lib/messages/list-conversations";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER"]);
  const conversations = await listConversations(user);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Messages</h1>
      {conversations.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No conversations yet: each contract gets one.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
          {conversations.map((c) => (
            <li key={c.id} className="px-4 py-3">
              <div className="font-medium">{c.contractTitle} · {c.otherName}</div>
              <div className="truncate text-sm text-slate-600">{c.lastMessage ?? "No messages yet"}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
