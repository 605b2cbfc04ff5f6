// The real desktop on Linux/X11: the monitor under the pointer or every monitor
// (the layout RandR reports), read with GetImage of the root window, and input
// counts from the X server's raw XInput 2 events. Wayland needs XWayland.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { X11Connection } from "../x11/connection";
import { listenForRawInput } from "../x11/xinput";
import { JpegEncoder } from "../x11/jpeg-encoder";
import { pixelsIntoRgb } from "../x11/pixels";
import { monitorAt, monitorLayout, pointerPosition, type Monitor } from "../x11/randr";
import { gridLayout, type GridLayout } from "../x11/grid";
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

/**
 * Choice: GetImage in bands of about 1 MB (a whole number of the encoder's 16-row strips), each
 * written as RGB into one band-sized buffer and encoded straight away, so a capture never holds the
 * whole picture, raw or RGB (the tracker's peak RSS); only the JPEG grows.
 */
const BAND_BYTES = 1 << 20;
const STRIP_ROWS = 16;

/**
 * Choice: a young-generation collection after each band. Each GetImage reply (and the socket chunks
 * it came in) is ~1 MB outside V8's heap held by a small Buffer object; the encoder allocates almost
 * nothing on the heap, so V8 would not collect them until far more piled up: at 1920x1080 a capture
 * then raised the RSS by ~20 MB, with this by ~5 MB, for ~1 ms a band. Where gc cannot be had, nothing.
 */
let collectYoung: (() => void) | undefined;
function releaseBand(): void {
  if (!collectYoung) {
    try {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as (options: { type: "minor" }) => void;
      collectYoung = () => gc({ type: "minor" });
    } catch {
      collectYoung = () => undefined;
    }
  }
  collectYoung();
}

/** The JPEG of `shown` monitors placed as `grid` says, read band by band from the top. */
async function encodeScreen(conn: X11Connection, shown: Monitor[], grid: GridLayout): Promise<Buffer> {
  const encoder = new JpegEncoder(grid.width, grid.height);
  const bandRows = Math.max(STRIP_ROWS, Math.floor(BAND_BYTES / (grid.width * 4) / STRIP_ROWS) * STRIP_ROWS);
  const band = Buffer.alloc(grid.width * bandRows * 3);
  for (let top = 0; top < grid.height; top += bandRows) {
    const rows = Math.min(bandRows, grid.height - top);
    if (shown.length > 1) band.fill(0); // the grid's empty cells and the margins of smaller monitors are black
    for (const [i, m] of shown.entries()) {
      const cell = grid.cells[i] as { x: number; y: number };
      const from = Math.max(top, cell.y);
      const to = Math.min(top + rows, cell.y + m.height);
      if (from >= to) continue;
      const image = await conn.getImage(conn.screen.root, m.x, m.y + (from - cell.y), m.width, to - from);
      const visual = conn.setup.visuals.get(image.visual || conn.screen.rootVisual);
      if (!visual) throw new Error("The X server named an unknown visual.");
      pixelsIntoRgb(image.data, { width: m.width, height: to - from }, image.depth, visual, conn.setup, band, grid.width, { x: cell.x, y: from - top });
    }
    encoder.writeRows(band, rows);
    releaseBand();
  }
  return encoder.finish();
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
        return { bytes: await encodeScreen(conn, shown, grid), contentType: "image/jpeg" as const };
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
