"use client";
// R2.1 keyboard and mouse events per minute of one segment (counts only). Loaded on demand by the
// viewer, so Recharts is not part of the diary's first load.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ActivityChartProps {
  /** "HH:MM" of the slot's start, for the minute labels */
  start: string;
  keyboard: number[];
  mouse: number[];
}

function minuteLabel(start: string, k: number): string {
  const [h = 0, m = 0] = start.split(":").map(Number);
  const t = (h * 60 + m + k) % (24 * 60);
  return `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
}

export default function ActivityChart({ start, keyboard, mouse }: ActivityChartProps) {
  const data = keyboard.map((k, i) => ({ minute: minuteLabel(start, i), Keyboard: k, Mouse: mouse[i] ?? 0 }));
  return (
    <div className="h-48 w-full" data-testid="activity-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="minute" tick={{ fontSize: 11 }} interval={1} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="Keyboard" fill="#15803d" isAnimationActive={false} />
          <Bar dataKey="Mouse" fill="#0ea5e9" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
