// The tracker window's end-to-end helpers: the tracker process serving its
// window (no window opened by itself: --no-window), and Chromium under Xvfb
// to drive that window as a freelancer would.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { ensureX11TestTools, startXvfb, type Xvfb } from "../../tracker/testing/xvfb";
import { query, waitFor, type TrackerFixture } from "../tracker/support";

/** `hourglass-tracker app --no-window [flags]` in a throwaway config folder. */
export class TrackerWindowProcess {
  readonly home = mkdtempSync(path.join(tmpdir(), "hourglass-window-e2e-"));
  private child: ChildProcess | null = null;
  output = "";

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  private get env() {
    return { ...process.env, XDG_CONFIG_HOME: this.home, ...this.extraEnv };
  }

  /** Starts the process (again, after stop(), with the same config folder); resolves with the window's address. */
  async start(...flags: string[]): Promise<string> {
    this.output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "tracker/cli.ts", "app", "--no-window", ...flags], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
    return waitFor("the tracker window's address", () => /Tracker window: (http:\/\/127\.0\.0\.1:\d+\/s\/[^/\s]+\/)/.exec(this.output)?.[1], 60_000);
  }

  /** Another tracker command with the same config folder (e.g. a second `app`, or `status`): its output and exit code. */
  cli(...args: string[]): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "tracker/cli.ts", ...args], { env: this.env, timeout: 60_000 }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
  }

  /** SIGTERM: tracking stops as on Stop and the queue gets its last seconds; resolves on exit. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  }
}

/** Chromium with a real window on an Xvfb display; headless only if the headed launch fails. */
export async function windowBrowser(): Promise<{ browser: Browser; headed: boolean; xvfb: Xvfb | null }> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
  let xvfb: Xvfb | null = null;
  try {
    ensureX11TestTools();
    xvfb = await startXvfb({ width: 1024, height: 768 });
    const browser = await chromium.launch({ executablePath, headless: false, args, env: { ...process.env, DISPLAY: xvfb.display } as Record<string, string> });
    return { browser, headed: true, xvfb };
  } catch (error) {
    process.stderr.write(`Headed Chromium under Xvfb failed (${(error as Error).message}); running headless.\n`);
    await xvfb?.stop();
    return { browser: await chromium.launch({ executablePath, headless: true, args }), headed: false, xvfb: null };
  }
}

/** A second active contract between the fixture's client and freelancer. */
export async function secondContract(fixture: TrackerFixture, title: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id)
     SELECT $1, $2, client_id, freelancer_id, 'ACTIVE', 4000, starts_at, created_by_id FROM contracts WHERE id = $3 RETURNING id`,
    [randomUUID(), title, fixture.contractId],
  );
  return row!.id;
}
