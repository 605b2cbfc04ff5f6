"use client";
// The user's own microphone level during a call (R17.1): a bar fed by an AnalyserNode on the local
// stream, drawn on animation frames straight into the DOM (no React render per frame).
import { useEffect, useRef } from "react";
import { MicLevel } from "@/lib/calls/client/mic-level";

export function MicLevelMeter({ stream }: { stream: MediaStream }) {
  const meter = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let level: MicLevel;
    try {
      level = new MicLevel(stream);
    } catch {
      return;
    }
    let frame = 0;
    let lastAnnounced = -1;
    const draw = () => {
      const value = Math.round(level.read() * 100);
      if (bar.current) bar.current.style.width = `${value}%`;
      // the value assistive technology reads, in steps of 10 so it is not rewritten 60 times a second
      const step = Math.round(value / 10) * 10;
      if (step !== lastAnnounced && meter.current) {
        meter.current.setAttribute("aria-valuenow", String(step));
        lastAnnounced = step;
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      level.close();
    };
  }, [stream]);
  return (
    <div
      ref={meter}
      role="meter"
      aria-label="Your microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      className="h-2 w-24 overflow-hidden rounded-full bg-white ring-1 ring-slate-300"
    >
      <div ref={bar} className="h-full w-0 bg-brand-500 transition-[width] duration-75" />
    </div>
  );
}
