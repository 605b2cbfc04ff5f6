// `hourglass-tracker` (no arguments) or `hourglass-tracker app [flags]`: the
// tracker as one long-lived process with a window. A second start focuses the
// running one by opening its address again.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { configDir, isAlive, paths, writeFileAtomic } from "../config";
import { ActionError, AppController, type AppTestMode } from "./controller";
import { startAppServer, type AppRequest, type AppResponse } from "./server";
import { APP_CSS, APP_JS, PAGE_HTML } from "./ui";
import { openWindow } from "./window";

const HELP = `Hourglass tracker window

  hourglass-tracker [app] [--no-window]     open the tracker window (or focus the running one)
        --simulate --speed N --from ISO      test mode (a portal in production refuses it)
        --idle-after MIN                     with --simulate: the simulated input stops after MIN minutes

The window is served on 127.0.0.1 only; its address (printed) holds a secret.`;

const lockFile = (dir: string) => path.join(paths(dir).dir, "tracker-window.json");

/** The running window's address, when its process answers. */
async function runningWindow(dir: string): Promise<string | null> {
  try {
    const lock = JSON.parse(readFileSync(lockFile(dir), "utf8")) as { pid: number; url: string };
    if (!isAlive(lock.pid)) return null;
    const answer = await fetch(`${lock.url}api/state`, { signal: AbortSignal.timeout(3_000) });
    return answer.ok ? lock.url : null;
  } catch {
    return null;
  }
}

const text = (type: string, body: string | Buffer, status = 200): AppResponse => ({ status, type, body });
const json = (value: unknown, status = 200): AppResponse => text("application/json; charset=utf-8", JSON.stringify(value), status);

/** The window's routes: GETs read, POSTs act (the server has checked secret, Host and Origin). */
function routes(app: AppController): (req: AppRequest) => Promise<AppResponse> {
  const actions: Record<string, (body: unknown) => unknown> = {
    "/api/sign-in": (b) => app.beginSignIn(b),
    "/api/sign-in-token": (b) => app.signInWithToken(b),
    "/api/sign-out": () => app.signOut(),
    "/api/start": (b) => app.startTracking(b),
    "/api/stop": () => app.stopTracking(),
    "/api/switch": (b) => app.switchContract(b),
    "/api/memo": (b) => app.setMemo(b),
    "/api/discard": (b) => app.discardScreenshot(b),
    "/api/settings": (b) => app.updateSettings(b),
    "/api/refresh": () => app.refresh(),
    "/api/open": (b) => app.openPortalPage(b),
  };
  return async ({ method, path: route, body }) => {
    if (method === "GET") {
      if (route === "/") return text("text/html; charset=utf-8", PAGE_HTML);
      if (route === "/app.js") return text("text/javascript; charset=utf-8", APP_JS);
      if (route === "/app.css") return text("text/css; charset=utf-8", APP_CSS);
      if (route === "/api/state") return json(app.state());
      if (route === "/api/preview") {
        const image = app.previewImage();
        return image ? text(image.contentType, image.bytes) : json({ error: "No screenshot to show." }, 404);
      }
      return json({ error: "Not found." }, 404);
    }
    const action = actions[route];
    if (!action) return json({ error: "Not found." }, 404);
    try {
      await action(body);
      return json({ ok: true });
    } catch (error) {
      return json({ error: (error as Error).message }, error instanceof ActionError ? error.status : 400);
    }
  };
}

function testModeOf(values: { simulate?: boolean; speed?: string; from?: string; "idle-after"?: string }): AppTestMode | null {
  if (values["idle-after"] !== undefined && !values.simulate) throw new Error("--idle-after works with --simulate only.");
  if (!values.simulate && values.speed === undefined && values.from === undefined) return null;
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error("--speed must be a positive number.");
  const fromMs = values.from === undefined ? undefined : Date.parse(values.from);
  if (fromMs !== undefined && Number.isNaN(fromMs)) throw new Error("--from must be an ISO instant such as 2024-06-12T09:00:00Z.");
  const idleAfterMinutes = values["idle-after"] === undefined ? undefined : Number(values["idle-after"]);
  if (idleAfterMinutes !== undefined && !(idleAfterMinutes >= 0)) throw new Error("--idle-after must be a number of minutes.");
  return { simulate: Boolean(values.simulate), speed, fromMs, idleAfterMinutes };
}

export async function runApp(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      "no-window": { type: "boolean" },
      simulate: { type: "boolean" },
      speed: { type: "string" },
      from: { type: "string" },
      "idle-after": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const dir = configDir();
  const testMode = testModeOf(values);
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString()}] ${line}\n`);

  const already = await runningWindow(dir);
  if (already) {
    process.stdout.write(`The tracker is already running: ${already}\n`);
    if (!values["no-window"]) await openWindow(already, path.join(paths(dir).dir, "window-profile"));
    return 0;
  }

  const app = new AppController(dir, testMode, log);
  const server = await startAppServer(routes(app));
  writeFileAtomic(lockFile(dir), `${JSON.stringify({ pid: process.pid, url: server.url })}\n`, 0o600);
  app.start();
  // Choice: the contracts' hours and unread counts are reloaded every minute while the window runs.
  const refresher = setInterval(() => void app.refresh(), 60_000);
  process.stdout.write(`Tracker window: ${server.url}\n`);
  if (testMode) log(`Test mode: clock at ${testMode.speed}x${testMode.simulate ? " with a simulated screen" : ""}; a production portal refuses it.`);
  if (!values["no-window"]) {
    const how = await openWindow(server.url, path.join(paths(dir).dir, "window-profile"));
    if (how === "none") log("No browser could be opened: open the address above.");
  }

  await new Promise<void>((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.once(signal, () => resolve());
  });
  log("Closing: tracking stops, the running slot closes as on a stop.");
  clearInterval(refresher);
  await app.shutdown();
  await server.close();
  rmSync(lockFile(dir), { force: true });
  return 0;
}
