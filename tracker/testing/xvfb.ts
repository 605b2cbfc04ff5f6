// Xvfb for tests of the X11 backend: a real X server with no screen attached.
// Debian packages xvfb and xdotool are installed on demand when we are root.
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import { X11Connection } from "../x11/connection";

function has(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function ensureX11TestTools(): void {
  if (has("Xvfb") && has("xdotool") && has("xrandr")) return;
  if (process.getuid?.() !== 0) throw new Error("The X11 tests need Xvfb, xdotool and xrandr: sudo apt-get install -y xvfb xdotool x11-xserver-utils");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool x11-xserver-utils > /dev/null", { stdio: "inherit" });
}

export interface Xvfb {
  display: string;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display; resolves once it accepts connections (-displayfd tells us). */
export async function startXvfb(opts: { width?: number; height?: number; authFile?: string } = {}): Promise<Xvfb> {
  const args = ["-displayfd", "3", "-screen", "0", `${opts.width ?? 800}x${opts.height ?? 600}x24`, "-nolisten", "tcp", "-br", "-noreset"]; // -noreset: no server reset (dropping new clients) when the last client leaves
  if (opts.authFile) args.push("-auth", opts.authFile);
  const child: ChildProcess = spawn("Xvfb", args, { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const number = await new Promise<string>((resolve, reject) => {
    let out = "";
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
  return {
    display: `:${number}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Maps an override-redirect window of one colour (0xRRGGBB) at x,y: something real on the screen to find in a capture. */
export async function paintRectangle(conn: X11Connection, rect: { x: number; y: number; width: number; height: number; rgb: number }): Promise<number> {
  const id = conn.setup.resourceIdBase | (Math.floor(Math.random() * 0xffff) & conn.setup.resourceIdMask);
  const create = Buffer.alloc(40);
  create.writeUInt8(1, 0); // CreateWindow
  create.writeUInt8(0, 1); // depth: CopyFromParent
  create.writeUInt32LE(id, 4);
  create.writeUInt32LE(conn.screen.root, 8);
  create.writeInt16LE(rect.x, 12);
  create.writeInt16LE(rect.y, 14);
  create.writeUInt16LE(rect.width, 16);
  create.writeUInt16LE(rect.height, 18);
  create.writeUInt16LE(0, 20); // border
  create.writeUInt16LE(1, 22); // InputOutput
  create.writeUInt32LE(0, 24); // visual: CopyFromParent
  create.writeUInt32LE(0x0002 | 0x0200, 28); // CWBackPixel | CWOverrideRedirect
  create.writeUInt32LE(rect.rgb, 32);
  create.writeUInt32LE(1, 36);
  const created = conn.request(create, { reply: false });
  const map = Buffer.alloc(8);
  map.writeUInt8(8, 0); // MapWindow
  map.writeUInt32LE(id, 4);
  const mapped = conn.request(map, { reply: false });
  await conn.sync();
  await Promise.all([created, mapped]);
  return id;
}

/**
 * Splits the Xvfb screen into monitors with `xrandr --setmonitor` (RandR 1.5), left to right as
 * given. The first one takes the screen's output, so the server's automatic monitor goes.
 */
export function setMonitors(display: string, monitors: Array<{ name: string; x: number; y: number; width: number; height: number }>): void {
  monitors.forEach((m, i) => {
    const geometry = `${m.width}/${Math.round(m.width / 3.78)}x${m.height}/${Math.round(m.height / 3.78)}+${m.x}+${m.y}`; // 96 dpi
    execFileSync("xrandr", ["--setmonitor", m.name, geometry, i === 0 ? "screen" : "none"], { env: { ...process.env, DISPLAY: display }, stdio: "ignore" });
  });
}

export function xdotool(display: string, ...args: string[]): void {
  execFileSync("xdotool", args, { env: { ...process.env, DISPLAY: display }, stdio: "ignore" });
}
