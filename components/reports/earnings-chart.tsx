"use client";
// Reports > Overview: money per work week over the last 12 weeks, stacked by kind
// (the viewer's side: net earnings for a freelancer, charges for a client).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCents } from "@/lib/format/money";
import type { WeekEarnings } from "@/lib/reports/overview";

const weekLabel = (week: string) => new Date(`${week}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function EarningsChart({ weeks, title }: { weeks: WeekEarnings[]; title: string }) {
  // dollars for the axis only; the tooltip shows exact cents
  const data = weeks.map((w) => ({ week: weekLabel(w.week), Hourly: w.hourlyCents / 100, "Weekly payment": w.weeklyPaymentCents / 100, Bonus: w.bonusCents / 100, Refunds: w.refundCents / 100 }));
  const empty = weeks.every((w) => w.hourlyCents === 0 && w.weeklyPaymentCents === 0 && w.bonusCents === 0 && w.refundCents === 0);
  return (
    <figure className="rounded border border-slate-200 bg-white p-4" data-testid="earnings-chart">
      <figcaption className="mb-2 font-medium">{title}</figcaption>
      {empty ? (
        <p className="py-12 text-center text-sm text-slate-500">Nothing in the last 12 weeks yet.</p>
      ) : (
        <div className="h-64 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="week" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => `$${v}`} />
              <Tooltip formatter={(v) => formatCents(Math.round(Number(v) * 100))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="Hourly" stackId="m" fill="#15803d" isAnimationActive={false} />
              <Bar dataKey="Weekly payment" stackId="m" fill="#0ea5e9" isAnimationActive={false} />
              <Bar dataKey="Bonus" stackId="m" fill="#a855f7" isAnimationActive={false} />
              <Bar dataKey="Refunds" stackId="m" fill="#ef4444" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

const COLOURS = ["#15803d", "#0ea5e9", "#a855f7", "#f59e0b", "#ef4444", "#64748b"];

/** Billed hours per work week, one stacked bar segment per contract. */
export function HoursChart({ weeks, contracts }: { weeks: Array<{ week: string; minutes: Record<string, number> }>; contracts: Array<{ id: string; title: string }> }) {
  const shown = contracts.filter((c) => weeks.some((w) => (w.minutes[c.id] ?? 0) > 0));
  const data = weeks.map((w) => {
    const row: Record<string, string | number> = { week: weekLabel(w.week) };
    for (const c of shown) row[c.title] = Math.round(((w.minutes[c.id] ?? 0) / 60) * 100) / 100;
    return row;
  });
  return (
    <figure className="rounded border border-slate-200 bg-white p-4" data-testid="hours-chart">
      <figcaption className="mb-2 font-medium">Billed hours per week, by contract</figcaption>
      {shown.length === 0 ? (
        <p className="py-12 text-center text-sm text-slate-500">No billed hours in the last 12 weeks yet. Hours appear after each weekly close (Mondays 12:00 UTC).</p>
      ) : (
        <div className="h-64 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="week" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => `${v} h`} />
              <Tooltip formatter={(v) => `${Number(v)} h`} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {shown.map((c, i) => (
                <Bar key={c.id} dataKey={c.title} stackId="h" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
