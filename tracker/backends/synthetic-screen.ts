// --simulate's screen, drawn in plain JavaScript (the tracker ships with no native modules): a
// desktop with a couple of coloured windows behind the one in front, which shows the contract, the
// memo and the time in a 5x7 bitmap font, and a taskbar clock. The seed varies colours and layout
// so thumbnails differ. The layout is drawn for 1280x800 and scaled to the size asked for.
import { rgbToJpeg } from "../x11/image";

/** What the screen shows; `seed` varies colours and layout. */
interface ScreenContent {
  contractTitle: string;
  memo: string;
  at: Date;
  seed: number;
}

interface ScreenSize {
  width?: number;
  height?: number;
}

const DESIGN_WIDTH = 1280;
const DESIGN_HEIGHT = 800;
const PALETTE = [0x1e3a8a, 0x065f46, 0x7c2d12, 0x581c87, 0x0f172a, 0x134e4a];
const WINDOW_COLOURS = [0xf59e0b, 0x10b981, 0x6366f1, 0xef4444, 0x0ea5e9, 0xa855f7];

// Rows of 5 pixels, top first; bit 4 is the left column.
const GLYPHS: Record<string, readonly number[]> = {
  " ": [0, 0, 0, 0, 0, 0, 0],
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14],
  D: [28, 18, 17, 17, 17, 18, 28], E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17], I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16], Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4], U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
  "0": [14, 17, 19, 21, 25, 17, 14], "1": [4, 12, 4, 4, 4, 4, 14], "2": [14, 17, 1, 2, 4, 8, 31],
  "3": [31, 2, 4, 2, 1, 17, 14], "4": [2, 6, 10, 18, 31, 2, 2], "5": [31, 16, 30, 1, 1, 17, 14],
  "6": [6, 8, 16, 30, 17, 17, 14], "7": [31, 1, 2, 4, 8, 8, 8], "8": [14, 17, 17, 14, 17, 17, 14],
  "9": [14, 17, 17, 15, 1, 2, 12],
  ":": [0, 12, 12, 0, 12, 12, 0], "-": [0, 0, 0, 31, 0, 0, 0], ".": [0, 0, 0, 0, 0, 12, 12],
  ",": [0, 0, 0, 0, 12, 4, 8], "/": [0, 1, 2, 4, 8, 16, 0], "!": [4, 4, 4, 4, 4, 0, 4],
  "?": [14, 17, 1, 2, 4, 0, 4], "(": [2, 4, 8, 8, 8, 4, 2], ")": [8, 4, 2, 2, 2, 4, 8],
  "'": [4, 4, 8, 0, 0, 0, 0], '"': [10, 10, 0, 0, 0, 0, 0], "+": [0, 4, 4, 31, 4, 4, 0],
  _: [0, 0, 0, 0, 0, 0, 31], "&": [12, 18, 20, 8, 21, 18, 13], "#": [10, 10, 31, 10, 31, 10, 10],
  "@": [14, 17, 1, 13, 21, 21, 14], "=": [0, 0, 31, 0, 31, 0, 0],
};

/** A picture being drawn: packed RGB, with drawing in design coordinates (1280x800). */
class Canvas {
  readonly rgb: Buffer;
  private readonly sx: number;
  private readonly sy: number;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgb = Buffer.alloc(width * height * 3);
    this.sx = width / DESIGN_WIDTH;
    this.sy = height / DESIGN_HEIGHT;
  }

  /** Fill a rectangle given in device pixels, clipped to the picture. */
  private fillPixels(x0: number, y0: number, x1: number, y1: number, colour: number): void {
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(this.width, Math.round(x1));
    const top = Math.max(0, Math.round(y0));
    const bottom = Math.min(this.height, Math.round(y1));
    const r = (colour >> 16) & 0xff;
    const g = (colour >> 8) & 0xff;
    const b = colour & 0xff;
    for (let y = top; y < bottom; y++) {
      for (let x = left, o = (y * this.width + left) * 3; x < right; x++, o += 3) {
        this.rgb[o] = r;
        this.rgb[o + 1] = g;
        this.rgb[o + 2] = b;
      }
    }
  }

  rect(x: number, y: number, w: number, h: number, colour: number): void {
    this.fillPixels(x * this.sx, y * this.sy, (x + w) * this.sx, (y + h) * this.sy, colour);
  }

  /** Text at (x, y) with its top-left there; `size` is the height of a capital in design pixels. Clipped at maxWidth. */
  text(x: number, y: number, value: string, size: number, colour: number, maxWidth = Infinity): void {
    // Choice: the font has capitals only; lower case is drawn as capitals, other characters as "?"
    const dot = Math.max(1, Math.round((size / 7) * Math.min(this.sx, this.sy)));
    let cx = x * this.sx;
    const top = y * this.sy;
    const limit = (x + maxWidth) * this.sx;
    for (const ch of value.toUpperCase()) {
      if (cx + 5 * dot > limit) break;
      const rows = GLYPHS[ch] ?? (GLYPHS["?"] as readonly number[]);
      rows.forEach((bits, row) => {
        for (let col = 0; col < 5; col++) {
          if (bits & (16 >> col)) this.fillPixels(cx + col * dot, top + row * dot, cx + (col + 1) * dot, top + (row + 1) * dot, colour);
        }
      });
      cx += 6 * dot;
    }
  }
}

/** The picture as packed RGB (what the JPEG is made of; tests read it directly). */
export function syntheticScreenRgb(input: ScreenContent, size: ScreenSize = {}): { rgb: Buffer; width: number; height: number } {
  const canvas = new Canvas(size.width ?? DESIGN_WIDTH, size.height ?? DESIGN_HEIGHT);
  const seed = Math.abs(Math.trunc(input.seed));
  canvas.rect(0, 0, DESIGN_WIDTH, DESIGN_HEIGHT, PALETTE[seed % PALETTE.length] as number);
  // two windows behind, one peeking out at the top left and one at the bottom right, placed by the seed
  const behind = [
    { x: 10 + ((seed * 53) % 80), y: 10 + ((seed * 29) % 60) },
    { x: DESIGN_WIDTH - 490 - ((seed * 41) % 80), y: DESIGN_HEIGHT - 400 - ((seed * 23) % 50) },
  ];
  behind.forEach(({ x, y }, i) => {
    canvas.rect(x, y, 480, 360, WINDOW_COLOURS[(seed + i * 3) % WINDOW_COLOURS.length] as number);
    canvas.rect(x, y, 480, 28, 0x334155);
  });
  // the window in front
  canvas.rect(100, 90, 1080, 640, 0xf8fafc);
  canvas.rect(100, 90, 1080, 44, 0xe2e8f0);
  canvas.text(130, 104, input.contractTitle, 16, 0x0f172a, 1020);
  canvas.text(140, 170, input.memo, 28, 0x0f172a, 1000);
  canvas.text(140, 218, `${input.at.toISOString().replace("T", " ").slice(0, 19)} UTC`, 14, 0x475569);
  for (let i = 0; i < 14; i++) {
    const w = 200 + ((seed * 37 + i * 91) % 520);
    canvas.rect(140, 260 + i * 30, w, 12, i % 4 === 0 ? 0x93c5fd : 0xcbd5e1);
  }
  // taskbar with the clock
  canvas.rect(0, 770, DESIGN_WIDTH, 30, 0x0b1220);
  canvas.text(1200, 778, input.at.toISOString().slice(11, 16), 14, 0xe2e8f0);
  return { rgb: canvas.rgb, width: canvas.width, height: canvas.height };
}

export async function syntheticScreenJpeg(input: ScreenContent, size: ScreenSize = {}): Promise<Buffer> {
  const { rgb, width, height } = syntheticScreenRgb(input, size);
  return rgbToJpeg(rgb, width, height, 70);
}
