import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { recentActivity } from "@/lib/contracts/recent-activity";
import { formatMinutes } from "@/lib/format/money";
import { RULES } from "@/lib/config/rules";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Work Diary" };

export default async function DiaryPage() {
  const user = await requirePageUser(["CLIENT", "FREELANCER", "ADMIN"]);
  const activity = await recentActivity(user, now());
  const slot = RULES.time.slotMinutes;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Work Diary</h1>
        <p className="text-slate-600">Tracked and manual time per day (UTC), last 7 days.</p>
      </div>
      {activity.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">No contracts yet.</p>}
      {activity.map((c) => (
        <section key={c.contractId} className="rounded border border-slate-200 bg-white p-4" aria-label={c.title}>
          <h2 className="font-semibold">{c.title}</h2>
          <p className="mb-3 text-sm text-slate-600">{c.freelancerName}</p>
          <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
            {c.days.map((d) => (
              <li key={d.day} className="rounded border border-slate-100 p-2 text-sm">
                <div className="font-medium">{d.day}</div>
                <div>{formatMinutes((d.tracked + d.manual) * slot)}</div>
                <div className="text-xs text-slate-500">{d.withScreenshot} screenshots{d.manual > 0 ? `, ${d.manual} manual` : ""}</div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
