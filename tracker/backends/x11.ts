// The real desktop on Linux/X11: the whole X screen (GetImage of the root
// window) and input counts from the X server's raw XInput 2 events. Wayland
// sessions without XWayland's root access are not supported.
import { X11Connection } from "../x11/connection";
import { listenForRawInput } from "../x11/xinput";
import { rgbToJpeg, zpixmapToRgb } from "../x11/image";
import type { CaptureBackend, InputKind } from "./types";

/** Choice: pointer motion counts at most once per 100 ms, so a 1000 Hz mouse does not count 8x a 125 Hz one. */
export const MOTION_COALESCE_MS = 100;

export function x11Backend(opts: { display?: string; log?: (line: string) => void; now?: () => number } = {}): CaptureBackend {
  const display = opts.display ?? process.env.DISPLAY;
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? Date.now;
  let events: X11Connection | null = null;
  let screen: X11Connection | null = null;

  async function screenConnection(): Promise<X11Connection> {
    screen ??= await X11Connection.open(display);
    return screen;
  }

  return {
    name: "x11",
    async start(onInput: (kind: InputKind, count: number) => void) {
      events = await X11Connection.open(display);
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
      const { root, width, height } = conn.screen;
      try {
        const image = await conn.getImage(root, 0, 0, width, height);
        const visual = conn.setup.visuals.get(image.visual || conn.screen.rootVisual);
        if (!visual) throw new Error("The X server named an unknown visual.");
        const rgb = zpixmapToRgb(image.data, width, height, image.depth, visual, conn.setup);
        return { bytes: await rgbToJpeg(rgb, width, height), contentType: "image/jpeg" as const };
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
