// hourglass-tracker <command> (npm run tracker -- <command> from a checkout): the Hourglass desktop tracker.
// A standalone client: it talks HTTP to the portal and imports no server code.
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PortalClient, PortalError, PortalUnreachable } from "./api-client";
import { configDir, isAlive, isTrackerAlive, loadConfig, loadState, normalisePortalUrl, paths, type TrackerState } from "./config";
import { DeviceLoginError, defaultDeviceName, deviceLogin } from "./device-login";
import { openUrl } from "./open-url";
import { SegmentQueue } from "./queue";
import { EventsOutbox } from "./events-outbox";
import { selfCommand } from "./self";
import { refuseTestModeUnlessAllowed } from "./test-mode";
import { Sender } from "./sender";
import { signOut } from "./sign-out";
import { DeviceKeyError, newDeviceKey, type DeviceKey } from "./device-key";
import { SegmentSigner, completeSignIn, keyForSignIn } from "./signing";
import { runTracker } from "./run";
import { runApp } from "./app/main";
import { runningVersion } from "./version";
import type { TrackerProfile } from "../lib/validation/tracker";

const HELP = `Hourglass tracker

  hourglass-tracker [app] [--no-window]             the tracker window (with no arguments too)
  hourglass-tracker login <portal-url>              sign this computer in: approve its code on the portal's
        [--device-name NAME]                        /device page (the browser opens by itself)
  hourglass-tracker login <portal-url> <token>      or use a tracker token from Settings > Tracker
                                                    (--url, --token and $HOURGLASS_TRACKER_TOKEN work too)
  hourglass-tracker logout                          sign this computer out: the portal revokes its token and
                                                    tracker.json is deleted (stop tracking first)
  hourglass-tracker contracts                       the contracts you can track
  hourglass-tracker start <contract> --memo "..."   start tracking (contract: number, id or title)
        --idle-after MIN                            stop by itself after MIN minutes without input (R2.4,
                                                    default 10, 1 to 60)
        --monitors pointer|all                      screenshot the monitor under the pointer (default) or all
        --simulate                                  synthetic screen and activity (demos, load tests; the
                                                    only mode on Windows and macOS for now)
        --simulate-quiet-after MIN                  the simulated person stops all input after MIN minutes
        --speed N --from ISO                        test mode: the clock starts at --from and runs N times
                                                    faster; refused by a production portal
        --foreground                                stay in this terminal (Ctrl+C stops)
  hourglass-tracker stop                            stop tracking (queued segments are still delivered)
  hourglass-tracker status                          what the tracker is doing
  hourglass-tracker version                         the tracker's version (--version too)
  hourglass-tracker sync [--retry-rejected]         deliver queued segments now; --retry-rejected first
                                                    puts the segments the portal refused back in the queue

From a source checkout, \`npm run tracker -- <command>\` runs the same.
Settings and the offline queue live in ${configDir()}.`;

const dir = configDir();
const out = (line = "") => process.stdout.write(`${line}\n`);
const hhmm = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

class UsageError extends Error {}

function client(): PortalClient {
  const config = loadConfig(dir);
  if (!config) throw new UsageError("Not logged in. Run: hourglass-tracker login <portal-url>");
  return new PortalClient(config.portalUrl, config.token);
}

function describePortalError(error: unknown): string {
  if (error instanceof PortalError && error.status === 401) return "The portal refused the token (unknown or revoked). Sign in again: hourglass-tracker login <portal-url>";
  if (error instanceof PortalError) return `The portal answered ${error.status}: ${error.message}`;
  return (error as Error).message;
}

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`Missing ${question.replace(/:\s*$/, "")}. Run: hourglass-tracker login <portal-url>`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function login(args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const url = normalisePortalUrl((flags.url as string | undefined) ?? args[0] ?? (await ask("Portal URL: ")));
  const pasted = ((flags.token as string | undefined) ?? args[1] ?? process.env.HOURGLASS_TRACKER_TOKEN ?? "").trim();
  // A pasted token (headless machines, scripts) is checked as before; without one, the device sign-in.
  // R15.1 either way this installation's key pair is made now; its public key goes with the sign-in, or with PUT /key.
  let key: DeviceKey;
  let signedIn: { token: string; profile: TrackerProfile };
  if (pasted) {
    const profile = await new PortalClient(url, pasted).me().catch(asUsageError);
    key = keyForSignIn(dir, profile);
    signedIn = { token: pasted, profile };
  } else {
    key = newDeviceKey();
    signedIn = await signInDevice(url, flags, key.publicKey);
  }
  const { token, profile } = signedIn;
  await completeSignIn(dir, url, token, profile, key).catch(asUsageError);
  out(`Logged in to ${url} as ${profile.user.name} (${profile.user.email}). ${profile.contracts.length} contract(s) can be tracked.`);
}

const asUsageError = (error: unknown): never => {
  throw new UsageError(error instanceof DeviceLoginError || error instanceof DeviceKeyError ? error.message : describePortalError(error));
};

/** RFC 8628 device sign-in, as `gh auth login` does: show the code, open the browser, wait for the approval. */
function signInDevice(url: string, flags: Record<string, string | boolean | undefined>, publicKey: string): Promise<{ token: string; profile: TrackerProfile }> {
  const deviceName = flags["device-name"] === undefined ? defaultDeviceName() : String(flags["device-name"]).trim();
  if (!deviceName || deviceName.length > 80) throw new UsageError("--device-name must be 1 to 80 characters.");
  return deviceLogin(url, {
    deviceName,
    publicKey,
    onCode: async (userCode, uri, uriComplete) => {
      out(`One-time code: ${userCode}`);
      out(`Approve "${deviceName}" at ${uri} (signed in to the portal as the freelancer who will track).`);
      const opened = await openUrl(uriComplete);
      out(opened ? `Opening ${uriComplete} in your browser...` : `Open ${uriComplete} in a browser to continue.`);
      out("Waiting for the approval (Ctrl+C cancels)...");
    },
  }).catch(asUsageError);
}

function printContracts(profile: TrackerProfile): void {
  if (!profile.contracts.length) {
    out("No active contracts to track.");
    return;
  }
  profile.contracts.forEach((c, i) => out(`${String(i + 1).padStart(3)}  ${c.title}  (client: ${c.clientName})  ${c.id}`));
}

/** A contract by its number in `contracts`, its id, or its title (exact, or a unique beginning). */
export function pickContract(profile: TrackerProfile, arg: string): TrackerProfile["contracts"][number] {
  const list = profile.contracts;
  if (/^\d+$/.test(arg) && Number(arg) >= 1 && Number(arg) <= list.length) return list[Number(arg) - 1] as TrackerProfile["contracts"][number];
  const byId = list.find((c) => c.id === arg.toLowerCase());
  if (byId) return byId;
  const exact = list.filter((c) => c.title.toLowerCase() === arg.toLowerCase());
  if (exact.length === 1) return exact[0] as TrackerProfile["contracts"][number];
  const prefix = list.filter((c) => c.title.toLowerCase().startsWith(arg.toLowerCase()));
  if (prefix.length === 1) return prefix[0] as TrackerProfile["contracts"][number];
  if (prefix.length > 1) throw new UsageError(`"${arg}" matches ${prefix.map((c) => `"${c.title}"`).join(", ")}. Be more precise, or use its number from \`contracts\`.`);
  throw new UsageError(`No active contract "${arg}". See: hourglass-tracker contracts`);
}

/** R2.4 the inactivity limit is whole minutes. Choice: 1 to 60, as no tracked hour should pass unnoticed. */
function wholeMinutes(value: string | boolean | undefined, flag: string, max = 60): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > max) throw new UsageError(`${flag} takes whole minutes${max === 60 ? " from 1 to 60" : " (1 or more)"}, not "${String(value)}".`);
  return minutes;
}

/** Why this computer cannot capture the real screen yet, before anything is started; null when it can try. */
export function captureRefusal(simulate: boolean, platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env): string | null {
  if (simulate) return null;
  if (platform === "win32" || platform === "darwin") {
    const name = platform === "win32" ? "Windows" : "macOS";
    return `The tracker cannot capture the screen on ${name} yet: only --simulate runs there until its ${name} capture backend exists. Track on Linux (X11), or try it with --simulate.`;
  }
  if (!env.DISPLAY && env.WAYLAND_DISPLAY) {
    return "This is a Wayland session without XWayland (WAYLAND_DISPLAY is set, DISPLAY is not). The tracker captures the screen through X11: turn XWayland on, or log in to an X11 (Xorg) session.";
  }
  return null;
}

function running(): TrackerState | null {
  const state = loadState(dir);
  return state && state.running && isTrackerAlive(state.pid) ? state : null;
}

async function start(args: string[], flags: Record<string, string | boolean | undefined>, argv: string[]): Promise<void> {
  const contractArg = args[0];
  if (!contractArg) throw new UsageError('Name the contract: hourglass-tracker start <contract> --memo "what you work on"');
  const memo = ((flags.memo as string | undefined) ?? "").trim();
  const current = running();
  if (current && current.pid !== process.pid) throw new UsageError(`Already tracking "${current.contractTitle}" (since ${hhmm(current.startedAt)}). Run stop first.`);
  const simulate = Boolean(flags.simulate);
  const refusal = captureRefusal(simulate);
  if (refusal) throw new UsageError(refusal);
  const speed = flags.speed === undefined ? 1 : Number(flags.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError("--speed must be a positive number.");
  const idleMinutes = wholeMinutes(flags["idle-after"], "--idle-after");
  const quietAfter = wholeMinutes(flags["simulate-quiet-after"], "--simulate-quiet-after", Number.MAX_SAFE_INTEGER);
  if (quietAfter !== undefined && !simulate) throw new UsageError("--simulate-quiet-after works with --simulate only.");
  const monitors = flags.monitors as string | undefined;
  if (monitors !== undefined && monitors !== "pointer" && monitors !== "all") throw new UsageError("--monitors must be pointer (the monitor under the pointer) or all.");
  // The real screen on a fake clock: the short-slot test mode, for test and demo portals only.
  const testMode = !simulate && (speed !== 1 || flags.from !== undefined);

  let profile: TrackerProfile | null = null;
  try {
    profile = await client().me();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Choice: with the portal unreachable, tracking may still start for a contract named by its id:
    // the segments wait in the queue. A title or number needs the portal's list.
    if (!(error instanceof PortalUnreachable) || !/^[0-9a-f-]{36}$/i.test(contractArg)) throw new UsageError(describePortalError(error));
    out(`${error.message} Tracking offline; segments are queued until the portal is back.`);
  }
  // R15.1 a token signed in before device keys gets this installation's key registered now, so the slots are
  // signed as they are queued; a key file others can read stops the start here, with what to do.
  if (profile) {
    await new SegmentSigner(dir).ensure(client(), profile).catch((error: unknown) => {
      if (error instanceof DeviceKeyError) throw new UsageError(error.message);
      // anything else (the portal gone meanwhile): the sender signs the queued slots when it sends them
    });
  }
  if (testMode) {
    try {
      refuseTestModeUnlessAllowed(profile, "--speed/--from with the real screen");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const contract = profile ? pickContract(profile, contractArg) : { id: contractArg.toLowerCase(), title: contractArg };
  const fromMs = flags.from ? Date.parse(flags.from as string) : profile ? Date.parse(profile.serverTime) : Date.now();
  if (Number.isNaN(fromMs)) throw new UsageError("--from must be an ISO instant such as 2024-06-12T09:00:00Z.");

  if (!flags.foreground) {
    // Background: the same command in a detached process, logging to the config folder.
    const log = openSync(paths(dir).log, "a");
    const self = selfCommand([...argv, "--foreground", ...(simulate || testMode ? ["--from", new Date(fromMs).toISOString()] : [])]);
    const child = spawn(self.command, self.args, { detached: true, stdio: ["ignore", log, log], env: process.env });
    closeSync(log);
    child.unref();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = loadState(dir);
      if (state?.pid === child.pid && state?.running) break;
      if (state?.pid === child.pid && state?.message) throw new UsageError(state.message);
      if (child.exitCode !== null || !isAlive(child.pid as number) || Date.now() > deadline) {
        throw new UsageError(`The tracker did not start. See ${paths(dir).log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const how = simulate ? " with a simulated screen" : testMode ? " in test mode" : "";
    out(`Tracking "${contract.title}"${memo ? ` (memo: ${memo})` : ""}${how}${how && speed !== 1 ? ` at ${speed}x speed` : ""}. Stop with: hourglass-tracker stop`);
    return;
  }

  if ((simulate || testMode) && speed > 1) out(`${testMode ? "Test mode: clock" : "Simulated clock"} from ${hhmm(new Date(fromMs).toISOString())}, ${speed}x real time. Slots more than 2 minutes ahead of the portal's clock are refused.`);
  const stop = new AbortController();
  const exitNow = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => (stop.signal.aborted ? exitNow.abort() : stop.abort()));
  }
  const log = (line: string) => out(`[${new Date().toISOString()}] ${line}`);
  log(`Tracking "${contract.title}" with the ${simulate ? "simulated" : "X11"} screen. ${simulate ? "" : "Counts only: no keys or positions are recorded."}`.trim());
  const result = await runTracker({
    dir,
    contractId: contract.id,
    contractTitle: contract.title,
    memo,
    simulate: simulate ? { speed, fromMs, idleAfterMinutes: quietAfter } : undefined,
    testClock: testMode ? { speed, fromMs } : undefined,
    idleMinutes,
    monitors: monitors as "pointer" | "all" | undefined,
    log,
    stop: stop.signal,
    exitNow: exitNow.signal,
  });
  if (!result.started) throw new UsageError(result.message);
}

async function stop(): Promise<void> {
  // Also a tracker that stopped by itself and is still delivering: stop ends that after a grace period.
  const state = loadState(dir);
  if (!state || !isTrackerAlive(state.pid)) {
    out("The tracker is not running.");
    return;
  }
  process.kill(state.pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const after = loadState(dir);
  out(after?.message ?? "Tracking stopped.");
  const queued = new SegmentQueue(paths(dir).queue, paths(dir).rejected).size();
  if (queued) out(`${queued} segment(s) are still queued; they are sent at the next start or with: hourglass-tracker sync`);
}

async function logout(): Promise<void> {
  try {
    out((await signOut(dir)).message);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function status(flags: Record<string, string | boolean | undefined>): void {
  const state = loadState(dir);
  const queue = new SegmentQueue(paths(dir).queue, paths(dir).rejected);
  const alive = Boolean(state && isTrackerAlive(state.pid));
  if (flags.json) {
    out(JSON.stringify({ ...state, alive, queued: queue.size(), rejected: queue.rejectedCount(), loggedIn: Boolean(loadConfig(dir)) }, null, 2));
    return;
  }
  const config = loadConfig(dir);
  out(config ? `Portal: ${config.portalUrl}` : "Not logged in (hourglass-tracker login <portal-url>).");
  if (state?.running && alive) {
    out(`Tracking "${state.contractTitle}" since ${hhmm(state.startedAt)}${state.memo ? `, memo: ${state.memo}` : ""}${state.nextMemo !== undefined ? `; from the next slot: ${state.nextMemo || "no memo"}` : ""} (${state.backend}${state.speed !== 1 ? `, ${state.speed}x` : ""}).`);
    if (state.currentSlot) {
      out(`Current slot: ${hhmm(state.currentSlot.slotStart)}, screenshot ${state.currentSlot.screenshotTaken ? "taken" : "not taken yet"}.`);
    }
  } else {
    out("Not tracking.");
    if (state?.message) out(`Last run: ${state.message}`);
    // Once the queue is empty (e.g. `sync` delivered it) an unclean end has no consequence left to report.
    if (state?.running && !alive && queue.size()) out("The last run ended without stopping cleanly; its queued segments are kept.");
  }
  out(`Queued for delivery: ${queue.size()}${state?.delivering && alive ? " (delivering)" : ""}. Refused by the portal: ${queue.rejectedCount()}${queue.rejectedCount() ? ` (see ${paths(dir).rejected})` : ""}.`);
  if (state?.lastDelivery) out(`Last delivered: ${hhmm(state.lastDelivery.at)} (HTTP ${state.lastDelivery.status}).`);
  if (state?.lastError && queue.size()) out(`Last problem: ${state.lastError}`);
}

async function sync(flags: Record<string, string | boolean | undefined>): Promise<void> {
  const queue = new SegmentQueue(paths(dir).queue, paths(dir).rejected);
  if (flags["retry-rejected"]) {
    const back = queue.requeueRejected();
    out(back ? `${back} segment(s) the portal had refused are queued again.` : "Nothing was set aside.");
  }
  // R16.4 a stop for inactivity the portal was not told of yet goes too, after the segments
  const events = new EventsOutbox(path.join(dir, "events"));
  const before = queue.size();
  const eventsBefore = events.size();
  if (!before && !eventsBefore) {
    out("Nothing queued.");
    return;
  }
  const c = client();
  const rejectedBefore = queue.rejectedCount();
  let problem: string | null = null;
  const sender = new Sender({ queue, events, signer: new SegmentSigner(dir), client: () => c, log: (l) => out(l), journalFile: paths(dir).journal, onProblem: (p) => (problem = p) });
  const pass = await sender.deliverPass();
  const rejected = queue.rejectedCount() - rejectedBefore;
  if (before) out(`Delivered ${before - queue.size() - rejected} of ${before}${rejected ? `; ${rejected} refused by the portal` : ""}.${pass.empty ? "" : ` ${queue.size()} still queued: ${problem ?? "the portal did not take them yet"}.`}`);
  if (eventsBefore) out(events.size() ? `The portal has not yet been told that tracking stopped for inactivity: ${problem ?? "it did not answer"}.` : "The portal was told that tracking stopped for inactivity.");
}

export async function main(argv: string[]): Promise<number> {
  // No arguments, or `app [flags]` (or just --no-window): the tracker window (tracker/app/main.ts).
  if (argv.length === 0 || argv[0] === "app" || argv[0] === "--no-window") {
    return runApp(argv.slice(argv[0] === "app" ? 1 : 0)).catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    });
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      "device-name": { type: "string" },
      memo: { type: "string", short: "m" },
      simulate: { type: "boolean" },
      speed: { type: "string" },
      from: { type: "string" },
      "idle-after": { type: "string" },
      "simulate-quiet-after": { type: "string" },
      monitors: { type: "string" },
      foreground: { type: "boolean" },
      json: { type: "boolean" },
      "retry-rejected": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
  const [command, ...args] = positionals;
  if (command === "version" || (values.version && command === undefined)) {
    out(`hourglass-tracker ${runningVersion()}`);
    return 0;
  }
  try {
    switch (command) {
      case "login":
        await login(args, values);
        return 0;
      case "logout":
        await logout();
        return 0;
      case "contracts":
        printContracts(await client().me().catch((e: unknown) => {
          throw new UsageError(describePortalError(e));
        }));
        return 0;
      case "start":
        await start(args, values, argv);
        return 0;
      case "stop":
        await stop();
        return 0;
      case "status":
        status(values);
        return 0;
      case "sync":
        await sync(values);
        return 0;
      case undefined:
      case "help":
        out(HELP);
        return command === undefined && !values.help ? 2 : 0;
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${HELP}\n`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`${error instanceof UsageError ? error.message : `Error: ${(error as Error).message}`}\n`);
    return 1;
  }
}

// In the bundle and the single executable import.meta.url is "" (tracker/build.ts) and tracker/main.ts is the entry.
const invokedDirectly = import.meta.url !== "" && process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    // The foreground tracker ends by itself once delivery is over; exit then (timers of fetch may linger).
    process.exit(code);
  });
}
