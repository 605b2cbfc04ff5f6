// Tracker benchmark (prints, asserts nothing): npm run bench -- tracker [--minutes=10] [--runs=7] [--build] [--bundle] [--speed=N]
// Under Xvfb with the real X11 backend:
//  1. time to capture and encode one screenshot at 1920x1080 and 3840x2160 (median of --runs), against
//     ImageMagick `import -window root` of the same screen;
//  2. the tracker's own CPU (% of one core) and RSS while it tracks for --minutes of real time (normal
//     speed, xdotool typing now and then), against a bare idling `node` of the same version. Which
//     tracker runs: see trackerCommand (the single executable, built or from tracker/dist, by default).
// Targets (issue 15): CPU under 1% of one core, RSS under 80 MB.
import { execFileSync, execSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { x11Backend } from "../tracker/backends/x11";
import { X11Connection } from "../tracker/x11/connection";
import { ensureX11TestTools, startXvfb, xdotool, type Xvfb } from "../tracker/testing/xvfb";

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const value = Number((args[i] as string).includes("=") ? (args[i] as string).split("=")[1] : args[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const MINUTES = flag("minutes", 10);
const RUNS = flag("runs", 7);
/**
 * --speed=N runs the tracker's test clock N times faster from the last 10-minute boundary, so a short
 * run takes screenshots (about N/10 a minute) and the peak RSS includes the capture; its CPU figure is
 * then N times the real-time load, not the 1% target's.
 */
const SPEED = flag("speed", 1);
const TYPE_EVERY_MS = 30_000;
const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
const work = mkdtempSync(path.join(tmpdir(), "tracker-bench-"));

const children: ChildProcess[] = [];
const xservers: Xvfb[] = [];
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

function ensureImageMagick(): void {
  if (spawnSync("sh", ["-c", "command -v import"]).status === 0) return;
  if (process.getuid?.() !== 0) throw new Error("The tracker bench needs ImageMagick's import: sudo apt-get install -y imagemagick");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq imagemagick > /dev/null", { stdio: "inherit" });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

/** A deterministic desktop to capture: a gradient, windows with title bars and lines of glyph-like dots (what JPEG finds costly in real screens). */
function desktopPixels(width: number, height: number): Buffer {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bgrx = Buffer.alloc(width * height * 4);
  const put = (x: number, y: number, rgb: number) => {
    const o = (y * width + x) * 4;
    bgrx[o] = rgb & 0xff;
    bgrx[o + 1] = (rgb >> 8) & 0xff;
    bgrx[o + 2] = (rgb >> 16) & 0xff;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) put(x, y, (Math.floor((x * 80) / width) << 16) | (Math.floor((y * 90) / height) << 8) | 0x60);
  const scale = width / 1920;
  for (let w = 0; w < 6; w++) {
    const wx = Math.floor(random() * width * 0.5);
    const wy = Math.floor(random() * height * 0.4);
    const ww = Math.floor(width * (0.3 + random() * 0.2));
    const wh = Math.floor(height * (0.35 + random() * 0.25));
    for (let y = wy; y < Math.min(height, wy + wh); y++) {
      for (let x = wx; x < Math.min(width, wx + ww); x++) put(x, y, y - wy < 28 * scale ? 0x3b4a6b : 0xf4f4f0);
    }
    for (let line = wy + Math.floor(40 * scale); line + 8 < Math.min(height, wy + wh); line += Math.ceil(16 * scale)) {
      const chars = Math.floor((random() * ww) / 7);
      for (let c = 0; c < chars && wx + 8 + c * 7 + 5 < width; c++) {
        for (let dy = 0; dy < 7; dy++) for (let dx = 0; dx < 5; dx++) if (random() < 0.45) put(wx + 8 + c * 7 + dx, line + dy, 0x202020);
      }
    }
  }
  return bgrx;
}

/** PutImage of a 32-bit picture onto the root window, in strips that fit the core request size limit. */
async function paintRoot(conn: X11Connection, width: number, height: number): Promise<void> {
  const gc = conn.setup.resourceIdBase | (0x1234 & conn.setup.resourceIdMask);
  const create = Buffer.alloc(16);
  create.writeUInt8(55, 0); // CreateGC
  create.writeUInt32LE(gc, 4);
  create.writeUInt32LE(conn.screen.root, 8);
  const sent: Array<Promise<Buffer>> = [conn.request(create, { reply: false })];
  const pixels = desktopPixels(width, height);
  const rows = Math.max(1, Math.floor((65535 * 4 - 24) / (width * 4)));
  for (let y = 0; y < height; y += rows) {
    const h = Math.min(rows, height - y);
    const req = Buffer.alloc(24 + width * 4 * h);
    req.writeUInt8(72, 0); // PutImage
    req.writeUInt8(2, 1); // ZPixmap
    req.writeUInt32LE(conn.screen.root, 4);
    req.writeUInt32LE(gc, 8);
    req.writeUInt16LE(width, 12);
    req.writeUInt16LE(h, 14);
    req.writeInt16LE(0, 16);
    req.writeInt16LE(y, 18);
    req.writeUInt8(24, 21); // depth
    pixels.copy(req, 24, y * width * 4, (y + h) * width * 4);
    sent.push(conn.request(req, { reply: false }));
  }
  await conn.sync();
  await Promise.all(sent);
}

async function captureFigures(width: number, height: number): Promise<void> {
  const xvfb = await startXvfb({ width, height });
  xservers.push(xvfb);
  const painter = await X11Connection.open(xvfb.display);
  await paintRoot(painter, width, height);
  const backend = x11Backend({ display: xvfb.display });
  let bytes = 0;
  const ours: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    bytes = (await backend.capture(new Date())).bytes.length;
    if (i > 0) ours.push(performance.now() - t); // the first run opens the connection
  }
  await backend.stop();
  const shot = path.join(work, "import.jpg");
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    execFileSync("import", ["-display", xvfb.display, "-window", "root", "-quality", "80", shot]);
    floor.push(performance.now() - t);
  }
  const importBytes = readFileSync(shot).length;
  painter.close();
  await xvfb.stop();
  const [a, b] = [median(ours), median(floor)];
  console.log(
    `capture + JPEG ${width}x${height}: tracker ${ms(a)} (${(bytes / 1024).toFixed(0)} KB), ` +
      `ImageMagick import ${ms(b)} (${(importBytes / 1024).toFixed(0)} KB); ratio ${(a / b).toFixed(2)}x (median of ${RUNS})`,
  );
}

/**
 * The portal, as far as a tracking tracker sees it: /me, /ping and segment uploads. A load
 * generator's stub of the outside world (the portal's own costs are not measured here).
 */
function stubPortal(contractId: string): Promise<{ server: Server; url: string; segments: Array<{ keyboard: number; mouse: number; bytes: number; signed: boolean }>; requests: Map<string, number> }> {
  const segments: Array<{ keyboard: number; mouse: number; bytes: number; signed: boolean }> = [];
  const requests = new Map<string, number>();
  const profile = {
    user: { id: randomUUID(), name: "Bench Freelancer", email: "bench@example.test", timezone: "UTC" },
    contracts: [
      {
        id: contractId,
        title: "Bench contract",
        clientName: "Bench Client",
        hourlyRateCents: 5000,
        manualTimeAllowed: false,
        weeklyLimitHours: null,
        minutesToday: 0,
        minutesThisWeek: 0,
        unreadMessages: 0,
        diaryPath: "/diary",
        messagesPath: "/messages",
      },
    ],
    portal: { version: "bench", testModes: true },
    // R15.1 a token without a key yet: the tracker makes its key, registers it (PUT /key) and signs every segment
    device: { id: randomUUID(), keyId: null },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const key = `${req.method} ${req.url}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url === "/api/tracker/v1/me") return json(200, { ...profile, serverTime: new Date().toISOString() });
      if (req.method === "GET" && req.url === "/api/tracker/v1/ping") return json(200, { ok: true });
      if (req.method === "PUT" && req.url === "/api/tracker/v1/key") return json(200, { keyId: "bench" });
      if (req.method === "POST" && req.url === "/api/tracker/v1/segments") {
        const body = Buffer.concat(chunks);
        const fields = /"keyboardCounts":\[([\d,]*)\],"mouseCounts":\[([\d,]*)\]/.exec(body.toString("latin1"));
        const sum = (list?: string) => (list ? list.split(",").reduce((s, n) => s + Number(n), 0) : 0);
        segments.push({ keyboard: sum(fields?.[1]), mouse: sum(fields?.[2]), bytes: body.length, signed: /"signature":"[A-Za-z0-9_-]{86}"/.test(body.toString("latin1")) });
        return json(201, { ok: true });
      }
      json(404, { error: { code: "not_found", message: "Not found." } });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, segments, requests })));
}

function procStat(pid: number): { cpuTicks: number; rssKb: number; hwmKb: number } {
  // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count from its ")".
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
}

/**
 * The tracker to measure: with --build a fresh build of this checkout (tracker/build.ts --out, into
 * the bench's folder); else the single executable in tracker/dist (--bundle: the bundled script
 * there); else the source with tsx. A build is copied out first, so a rebuild meanwhile is not blocked.
 */
function trackerCommand(): { command: string; args: string[]; how: string } {
  let dist = path.resolve("tracker/dist");
  let origin = "tracker/dist";
  if (process.argv.includes("--build")) {
    dist = path.join(work, "dist");
    origin = "a fresh build of this checkout";
    execFileSync(process.execPath, ["--import", "tsx", "tracker/build.ts", "--out", dist], { stdio: "ignore" });
  }
  const bundle = path.join(dist, "hourglass-tracker.cjs");
  const sea = path.join(dist, "hourglass-tracker-linux-x64");
  if (process.argv.includes("--bundle") && existsSync(bundle)) {
    copyFileSync(bundle, path.join(work, "tracker.cjs"));
    return { command: process.execPath, args: [path.join(work, "tracker.cjs")], how: `the bundled script from ${origin}, run by this node` };
  }
  try {
    accessSync(sea, constants.X_OK);
    copyFileSync(sea, path.join(work, "tracker"));
    chmodSync(path.join(work, "tracker"), 0o755);
    return { command: path.join(work, "tracker"), args: [], how: `the single executable from ${origin}` };
  } catch {
    const entry = existsSync("tracker/main.ts") ? "tracker/main.ts" : "tracker/cli.ts";
    return { command: process.execPath, args: ["--import", "tsx", entry], how: `the source with tsx (${entry}; no single executable: npm run tracker:build)` };
  }
}

async function trackingFigures(): Promise<void> {
  const xvfb = await startXvfb({ width: 1920, height: 1080 });
  xservers.push(xvfb);
  const painter = await X11Connection.open(xvfb.display);
  await paintRoot(painter, 1920, 1080);
  painter.close();

  const contractId = randomUUID();
  const portal = await stubPortal(contractId);
  const config = path.join(work, "config");
  mkdirSync(path.join(config, "hourglass"), { recursive: true });
  writeFileSync(path.join(config, "hourglass", "tracker.json"), JSON.stringify({ portalUrl: portal.url, token: "bench-token" }));
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: xvfb.display, XDG_CONFIG_HOME: config };
  delete env.WAYLAND_DISPLAY;

  const { command, args, how } = trackerCommand();
  const testClock = SPEED === 1 ? [] : ["--speed", String(SPEED), "--from", new Date(Math.floor(Date.now() / 600_000) * 600_000).toISOString()];
  const tracker = spawn(command, [...args, "start", contractId, "--memo", "bench", "--foreground", ...testClock], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(tracker);
  let output = "";
  tracker.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  tracker.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const floor = spawn(process.execPath, ["-e", "setInterval(()=>{},1000)"], { stdio: "ignore" });
  children.push(floor);

  const stateFile = path.join(config, "hourglass", "tracker-state.json");
  const startDeadline = Date.now() + 60_000;
  while (!(existsSync(stateFile) && (JSON.parse(readFileSync(stateFile, "utf8")) as { running?: boolean }).running)) {
    if (tracker.exitCode !== null || Date.now() > startDeadline) throw new Error(`The tracker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`tracking ${MINUTES} min with ${how}, real X11 backend on Xvfb ${xvfb.display}, stub portal ${portal.url}${SPEED === 1 ? "" : `, test clock at ${SPEED}x`}`);

  const startedAt = performance.now();
  const first = { tracker: procStat(tracker.pid as number), floor: procStat(floor.pid as number) };
  const rss = { tracker: [] as number[], floor: [] as number[] };
  const ticks: number[] = [];
  let keys = 0;
  let nextType = 0;
  while (performance.now() - startedAt < MINUTES * 60_000) {
    if (tracker.exitCode !== null) throw new Error(`The tracker exited early:\n${output}`);
    const elapsed = performance.now() - startedAt;
    if (elapsed >= nextType) {
      xdotool(xvfb.display, "type", "--delay", "40", "hourglass");
      xdotool(xvfb.display, "mousemove_relative", "--", "7", "3");
      keys += 9;
      nextType += TYPE_EVERY_MS;
    }
    const now = procStat(tracker.pid as number);
    rss.tracker.push(now.rssKb);
    ticks.push(now.cpuTicks);
    rss.floor.push(procStat(floor.pid as number).rssKb);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const last = { tracker: procStat(tracker.pid as number), floor: procStat(floor.pid as number) };
  const cpu = (who: "tracker" | "floor") => `${(((last[who].cpuTicks - first[who].cpuTicks) / CLK_TCK / seconds) * 100).toFixed(3)}% of one core`;
  const avg = (list: number[]) => list.reduce((s, v) => s + v, 0) / list.length;

  tracker.kill("SIGTERM");
  await new Promise((r) => tracker.once("exit", r));
  floor.kill("SIGTERM");
  portal.server.close();
  await xvfb.stop();

  console.log(`CPU over ${(seconds / 60).toFixed(1)} min: tracker ${cpu("tracker")}; idle node floor ${cpu("floor")} (target: under 1%)`);
  console.log(
    `RSS: tracker at start ${mb(first.tracker.rssKb)}, average ${mb(avg(rss.tracker))}, highest sample ${mb(Math.max(...rss.tracker))}, peak (VmHWM) ${mb(last.tracker.hwmKb)}; ` +
      `idle node floor average ${mb(avg(rss.floor))}, peak ${mb(last.floor.hwmKb)} (target: under 80 MB)`,
  );
  console.log(`tracker RSS every 30 s (MB): ${rss.tracker.filter((_, i) => i % 6 === 0).map((kb) => (kb / 1024).toFixed(0)).join(" ")}`);
  const cpuSeries = ticks.filter((_, i) => i % 6 === 0).map((t, i, list) => (i === 0 ? null : (((t - (list[i - 1] as number)) / CLK_TCK / 30) * 100).toFixed(2)));
  console.log(`tracker CPU % of one core per 30 s: ${cpuSeries.slice(1).join(" ")}`);
  console.log(`portal requests: ${[...portal.requests].map(([k, n]) => `${k} x${n}`).join(", ")}`);
  console.log(`tracker log:\n${output.trim().replace(/^/gm, "  ")}`);
  const k = portal.segments.reduce((s, seg) => s + seg.keyboard, 0);
  console.log(`segments delivered: ${portal.segments.length}, signed: ${portal.segments.filter((seg) => seg.signed).length} (keyboard counts in them: ${k}; ${keys} keys typed, some in a slot still open or before its screenshot moment)`);
}

ensureX11TestTools();
ensureImageMagick();
try {
  await captureFigures(1920, 1080);
  await captureFigures(3840, 2160);
  await trackingFigures();
} finally {
  for (const xvfb of xservers) await xvfb.stop();
}
process.exit(0);
