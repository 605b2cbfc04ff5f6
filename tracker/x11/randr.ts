// The monitor layout the X server reports (RandR), and where the pointer is.
// RandR 1.5 RRGetMonitors first; else the active CRTCs of RandR 1.2
// (GetScreenResourcesCurrent + GetCrtcInfo); else the whole root window.
import type { X11Connection } from "./connection";

export interface Monitor {
  x: number;
  y: number;
  width: number;
  height: number;
  primary: boolean;
}

export interface Point {
  x: number;
  y: number;
}

const RR_QUERY_VERSION = 0;
const RR_GET_CRTC_INFO = 20;
const RR_GET_SCREEN_RESOURCES_CURRENT = 25;
const RR_GET_MONITORS = 42;

async function randrVersion(conn: X11Connection): Promise<{ opcode: number; major: number; minor: number } | null> {
  const ext = await conn.queryExtension("RANDR");
  if (!ext.present) return null;
  const req = Buffer.alloc(12);
  req.writeUInt8(ext.majorOpcode, 0);
  req.writeUInt8(RR_QUERY_VERSION, 1);
  req.writeUInt32LE(1, 4);
  req.writeUInt32LE(5, 8);
  const reply = await conn.request(req, { reply: true });
  return { opcode: ext.majorOpcode, major: reply.readUInt32LE(8), minor: reply.readUInt32LE(12) };
}

/** RandR 1.5: the monitors (physical, or defined with `xrandr --setmonitor`) that are active. */
async function getMonitors(conn: X11Connection, opcode: number): Promise<Monitor[]> {
  const req = Buffer.alloc(12);
  req.writeUInt8(opcode, 0);
  req.writeUInt8(RR_GET_MONITORS, 1);
  req.writeUInt32LE(conn.screen.root, 4);
  req.writeUInt8(1, 8); // get-active
  const reply = await conn.request(req, { reply: true });
  const count = reply.readUInt32LE(12);
  const monitors: Monitor[] = [];
  let o = 32;
  for (let i = 0; i < count; i++) {
    const outputs = reply.readUInt16LE(o + 6);
    monitors.push({ primary: reply.readUInt8(o + 4) === 1, x: reply.readInt16LE(o + 8), y: reply.readInt16LE(o + 10), width: reply.readUInt16LE(o + 12), height: reply.readUInt16LE(o + 14) });
    o += 24 + 4 * outputs;
  }
  return monitors;
}

/** RandR 1.2: every CRTC that shows something is a monitor (for servers before RandR 1.5). */
export async function crtcLayout(conn: X11Connection, opcode: number): Promise<Monitor[]> {
  const req = Buffer.alloc(8);
  req.writeUInt8(opcode, 0);
  req.writeUInt8(RR_GET_SCREEN_RESOURCES_CURRENT, 1);
  req.writeUInt32LE(conn.screen.root, 4);
  const resources = await conn.request(req, { reply: true });
  const configTimestamp = resources.readUInt32LE(12);
  const crtcCount = resources.readUInt16LE(16);
  const monitors: Monitor[] = [];
  for (let i = 0; i < crtcCount; i++) {
    const info = Buffer.alloc(12);
    info.writeUInt8(opcode, 0);
    info.writeUInt8(RR_GET_CRTC_INFO, 1);
    info.writeUInt32LE(resources.readUInt32LE(32 + 4 * i), 4);
    info.writeUInt32LE(configTimestamp, 8);
    const crtc = await conn.request(info, { reply: true });
    const width = crtc.readUInt16LE(16);
    const height = crtc.readUInt16LE(18);
    if (crtc.readUInt32LE(20) === 0 || width === 0 || height === 0) continue; // no mode: switched off
    monitors.push({ x: crtc.readInt16LE(12), y: crtc.readInt16LE(14), width, height, primary: false });
  }
  return monitors;
}

/**
 * The monitors inside the root window, in reading order (top to bottom, left to right).
 * Choice: a monitor that wholly contains another listed one (an automatic monitor left under
 * monitors set by hand, or a mirror) is dropped, so no part of the desktop appears twice.
 */
export function tidyMonitors(monitors: Monitor[], root: { width: number; height: number }): Monitor[] {
  const clipped = monitors
    .map((m) => {
      const x = Math.max(0, m.x);
      const y = Math.max(0, m.y);
      return { ...m, x, y, width: Math.min(root.width, m.x + m.width) - x, height: Math.min(root.height, m.y + m.height) - y };
    })
    .filter((m) => m.width > 0 && m.height > 0);
  const contains = (a: Monitor, b: Monitor) => a.x <= b.x && a.y <= b.y && a.x + a.width >= b.x + b.width && a.y + a.height >= b.y + b.height;
  const distinct = clipped.filter((m, i) => !clipped.some((other, j) => j !== i && contains(m, other) && (!contains(other, m) || j < i)));
  return distinct.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** The monitor layout; the whole root window when the server has no RandR (or reports nothing usable). */
export async function monitorLayout(conn: X11Connection): Promise<Monitor[]> {
  const whole: Monitor[] = [{ x: 0, y: 0, width: conn.screen.width, height: conn.screen.height, primary: true }];
  const randr = await randrVersion(conn);
  if (!randr) return whole;
  let monitors: Monitor[] = [];
  if (randr.major > 1 || randr.minor >= 5) monitors = await getMonitors(conn, randr.opcode);
  if (monitors.length === 0 && (randr.major > 1 || randr.minor >= 2)) monitors = await crtcLayout(conn, randr.opcode);
  const tidy = tidyMonitors(monitors, conn.screen);
  return tidy.length ? tidy : whole;
}

/** QueryPointer on the root window: the pointer's position in root coordinates. */
export async function pointerPosition(conn: X11Connection): Promise<Point> {
  const req = Buffer.alloc(8);
  req.writeUInt8(38, 0); // QueryPointer
  req.writeUInt32LE(conn.screen.root, 4);
  const reply = await conn.request(req, { reply: true });
  return { x: reply.readInt16LE(16), y: reply.readInt16LE(18) };
}

/** Choice: a pointer outside every monitor (in a gap of the layout) picks the primary monitor, else the first. */
export function monitorAt(monitors: Monitor[], point: Point): Monitor {
  const under = monitors.find((m) => point.x >= m.x && point.x < m.x + m.width && point.y >= m.y && point.y < m.y + m.height);
  return (under ?? monitors.find((m) => m.primary) ?? monitors[0]) as Monitor;
}
