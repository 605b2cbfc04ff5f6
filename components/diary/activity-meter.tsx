// R2.2 / R2.5 ten bars, one per minute with input, in one element: a mask cuts the bar gaps.
import type { CSSProperties } from "react";
import type { DiaryLook } from "@/lib/billing";

const FILL: Record<DiaryLook, string> = {
  green: "#16a34a",
  yellow: "#eab308",
  over_limit: "#dc2626",
  manual: "#6366f1",
};

const BARS = "repeating-linear-gradient(90deg, #000 0 8%, transparent 8% 10%)";

export function ActivityMeter({ level, look, className = "" }: { level: number; look: DiaryLook; className?: string }) {
  const style = {
    backgroundImage: `linear-gradient(90deg, ${FILL[look]} ${level * 10}%, #e2e8f0 ${level * 10}%)`,
    maskImage: BARS,
    WebkitMaskImage: BARS,
  } satisfies CSSProperties;
  return <div role="meter" aria-label="Activity" aria-valuemin={0} aria-valuemax={10} aria-valuenow={level} aria-valuetext={`${level} of 10 minutes active`} className={`h-2 w-full ${className}`} style={style} />;
}
