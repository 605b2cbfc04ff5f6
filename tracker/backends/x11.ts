// The real desktop on Linux/X11: the monitor under the pointer or every monitor
// (the layout RandR reports), read with GetImage of the root window, and input
// counts from the X server's raw XInput 2 events. Wayland needs XWayland.
import { X11Connection } from "../x11/connection";
import { listenForRawInput } from "../x11/xinput";
import { rgbToJpeg } from "../x11/image";
import { pixelsIntoRgb } from "../x11/pixels";
import { monitorAt, monitorLayout, pointerPosition, type Monitor } from "../x11/randr";
import { gridLayout } from "../x11/grid";
import type { CaptureBackend, InputKind } from "./types";

/** Choice: pointer motion counts at most once per 100 ms, so a 1000 Hz mouse does not count 8x a 125 Hz one. */
export const MOTION_COALESCE_MS = 100;

export interface X11BackendOptions {
  display?: string;
  log?: (line: string) => void;
  now?: () => number;
  /**
   * Choice: "pointer" (the default, as Upwork's desktop app does) captures the monitor the
   * freelancer is working on; "all" captures every monitor, arranged as gridLayout says.
   */
  monitors?: "pointer" | "all";
}

/** Opens the display, saying plainly when this is a Wayland session that offers no X server. */
async function openDisplay(display: string | undefined): Promise<X11Connection> {
  if (!display && process.env.WAYLAND_DISPLAY) {
    throw new Error(
      "This is a Wayland session without XWayland (WAYLAND_DISPLAY is set, DISPLAY is not). The tracker captures the screen through X11: " +
        "turn XWayland on, or log in to an X11 (Xorg) session, or use --simulate.",
    );
  }
  return X11Connection.open(display);
}

/** Choice: GetImage in bands of about 1 MB, each written as RGB straight into the picture, so a capture never holds the whole raw picture (the tracker's peak RSS). */
const BAND_BYTES = 1 << 20;

/** Reads monitor `m` into packed RGB `target` (targetWidth wide) with its top left at `at`. */
async function readMonitor(conn: X11Connection, m: Monitor, target: Buffer, targetWidth: number, at: { x: number; y: number }): Promise<void> {
  const rows = Math.max(1, Math.floor(BAND_BYTES / (m.width * 4)));
  for (let y = 0; y < m.height; y += rows) {
    const height = Math.min(rows, m.height - y);
    const image = await conn.getImage(conn.screen.root, m.x, m.y + y, m.width, height);
    const visual = conn.setup.visuals.get(image.visual || conn.screen.rootVisual);
    if (!visual) throw new Error("The X server named an unknown visual.");
    pixelsIntoRgb(image.data, { width: m.width, height }, image.depth, visual, conn.setup, target, targetWidth, { x: at.x, y: at.y + y });
  }
}

export function x11Backend(opts: X11BackendOptions = {}): CaptureBackend {
  const display = opts.display ?? process.env.DISPLAY;
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? Date.now;
  const which = opts.monitors ?? "pointer";
  let events: X11Connection | null = null;
  let screen: X11Connection | null = null;

  async function screenConnection(): Promise<X11Connection> {
    screen ??= await openDisplay(display);
    return screen;
  }

  return {
    name: "x11",
    async start(onInput: (kind: InputKind, count: number) => void) {
      events = await openDisplay(display);
      let lastMotion = -Infinity;
      await listenForRawInput(events, (kind) => {
        if (kind === "key") onInput("keyboard", 1);
        else if (kind === "button") onInput("mouse", 1);
        else {
          const t = now();
          if (t - lastMotion < MOTION_COALESCE_MS) return;
          lastMotion = t;
          onInput("mouse", 1);
        }
      });
      await screenConnection();
    },
    async capture() {
      let conn: X11Connection;
      try {
        conn = await screenConnection();
      } catch (error) {
        screen = null;
        throw error;
      }
      try {
        // The layout is asked for at each screenshot: monitors come and go during a day.
        const layout = await monitorLayout(conn);
        const shown = which === "all" ? layout : [monitorAt(layout, await pointerPosition(conn))];
        const grid = gridLayout(shown);
        const rgb = Buffer.alloc(grid.width * grid.height * 3);
        for (const [i, m] of shown.entries()) await readMonitor(conn, m, rgb, grid.width, grid.cells[i] as { x: number; y: number });
        return { bytes: await rgbToJpeg(rgb, grid.width, grid.height), contentType: "image/jpeg" as const };
      } catch (error) {
        log(`X11 screenshot failed: ${(error as Error).message}`);
        conn.close();
        screen = null;
        throw error;
      }
    },
    async stop() {
      events?.close();
      screen?.close();
      events = null;
      screen = null;
    },
  };
}
