// What the tracker window drives: sign-in, the contract list from the portal,
// tracking sessions run in this process, the screenshot preview, the offline
// queue's delivery and the window's settings. The server turns its state into
// JSON and its actions into POSTs.
import { SLOT_MS } from "../../lib/billing";
import type { TrackerProfile } from "../../lib/validation/tracker";
import { PortalClient, PortalError } from "../api-client";
import { scaledClock, type TrackerClock } from "../clock";
import { isTrackerAlive, loadConfig, loadState, normalisePortalUrl } from "../config";
import { deviceLogin } from "../device-login";
import { DeviceKeyError, newDeviceKey } from "../device-key";
import { completeSignIn, keyForSignIn } from "../signing";
import { openUrl } from "../open-url";
import { StateFile, createSession, deliveryFor, notifyDesktop, type TrackingSetup } from "../run";
import type { SessionSnapshot, SessionStop, TrackingSession } from "../session";
import { signOut } from "../sign-out";
import { refuseTestModeUnlessAllowed } from "../test-mode";
import { loadSettings, saveSettings, settingsPatch, type AppSettings } from "./settings";

/** Test mode of the window (--simulate, --speed, --from), refused against a production portal. */
export interface AppTestMode {
  simulate: boolean;
  speed: number;
  fromMs?: number;
  /** the simulated input stops after this many minutes of each run (to see the inactivity stop) */
  idleAfterMinutes?: number;
}

type Contract = TrackerProfile["contracts"][number] & {
  weeklyLimitHours?: number | null;
  minutesToday?: number;
  minutesThisWeek?: number;
  unreadMessages?: number;
  diaryPath?: string;
  messagesPath?: string;
};

interface Running {
  session: TrackingSession;
  contractId: string;
  contractTitle: string;
  startedAt: number;
  done: Promise<SessionStop>;
}

interface Preview {
  slotStart: number;
  takenAt: number;
  image: { bytes: Buffer; contentType: string } | null;
  keyboard: number[];
  mouse: number[];
  discarded: boolean;
  version: number;
}

export class ActionError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export class AppController {
  settings: AppSettings;
  private profile: TrackerProfile | null = null;
  private profileError: string | null = null;
  /** the portal refused the stored token (revoked in Settings > Tracker): the window asks to sign in again */
  private tokenRefused = false;
  private signIn: { status: "starting" | "waiting" | "error"; portalUrl: string; userCode?: string; verificationUri?: string; verificationUriComplete?: string; message?: string } | null = null;
  private signInAbort: AbortController | null = null;
  /** what the last Sign out said (revoked or not), shown on the sign-in screen until the next sign-in */
  private signedOut: string | null = null;
  private running: Running | null = null;
  private snapshot: SessionSnapshot | null = null;
  private preview: Preview | null = null;
  private previews = 0;
  private notice: { reason: string; message: string; at: string } | null = null;
  private lastSync: { at: string; status: number } | null = null;
  private lastProblem: string | null = null;
  private clock: TrackerClock | null = null;
  private readonly delivery: ReturnType<typeof deliveryFor>;
  /** Choice: the window keeps the same state file as the CLI, so `status` shows its tracking and `start` refuses a second tracker. */
  private readonly stateFile: StateFile;
  private readonly stopDelivery = new AbortController();
  private delivering: Promise<void> = Promise.resolve();
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly testMode: AppTestMode | null,
    private readonly log: (line: string) => void,
  ) {
    this.settings = loadSettings(dir);
    this.stateFile = new StateFile(dir);
    this.delivery = deliveryFor(dir, log, {
      onDelivered: (item, status) => {
        this.lastSync = { at: new Date().toISOString(), status };
        this.lastProblem = null;
        this.stateFile.onDelivered(item, status);
        if (!this.running && this.delivery.queue.size() === 0) this.stateFile.deliveryOver();
      },
      onProblem: (why) => {
        this.lastProblem = why;
        this.stateFile.onProblem(why);
      },
    });
  }

  /** Starts delivering the queue and loads the contracts when logged in. */
  start(): void {
    this.delivering = this.delivery.sender.run(this.stopDelivery.signal);
    void this.refresh();
  }

  private client(): PortalClient | null {
    const config = loadConfig(this.dir);
    return config ? new PortalClient(config.portalUrl, config.token) : null;
  }

  /** Reloads the profile (contracts, time logged, unread messages) from the portal. */
  async refresh(): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      this.profile = await client.me();
      this.profileError = null;
      this.tokenRefused = false;
      // R15.1 a token signed in before device keys gets this installation's key registered now
      await this.delivery.signer.ensure(client, this.profile).catch((error: unknown) => {
        if (error instanceof DeviceKeyError) this.profileError = error.message;
        // anything else: the sender signs queued slots when it sends them
      });
    } catch (error) {
      this.tokenRefused = error instanceof PortalError && error.status === 401;
      this.profileError = this.tokenRefused ? "The portal refused this device's token (revoked?). Sign in again." : (error as Error).message;
    }
  }

  /** Device sign-in (RFC 8628): the window shows the code until the freelancer approves it on the portal. */
  beginSignIn(input: unknown): void {
    const portalUrl = normalisePortalUrl(String((input as { portalUrl?: unknown })?.portalUrl ?? "").trim());
    this.signInAbort?.abort();
    const abort = new AbortController();
    this.signInAbort = abort;
    const deviceName = String((input as { deviceName?: unknown })?.deviceName ?? "").trim() || undefined;
    this.signIn = { status: "starting", portalUrl };
    // R15.1 this sign-in's key pair: its public key goes with the code request, the private key stays here
    const key = newDeviceKey();
    deviceLogin(portalUrl, {
      deviceName,
      publicKey: key.publicKey,
      signal: abort.signal,
      onCode: (userCode, verificationUri, verificationUriComplete) => {
        this.signIn = { status: "waiting", portalUrl, userCode, verificationUri, verificationUriComplete };
      },
    })
      .then(async ({ token, profile }) => {
        if (abort.signal.aborted) return null;
        await completeSignIn(this.dir, portalUrl, token, profile, key);
        return profile;
      })
      .then(
        (profile) => {
          if (!profile) return;
          this.profile = profile;
          this.profileError = null;
          this.tokenRefused = false;
          this.signIn = null;
          this.log(`Signed in to ${portalUrl} as ${profile.user.name}.`);
          this.delivery.sender.notify();
        },
        (error: unknown) => {
          if (!abort.signal.aborted) this.signIn = { status: "error", portalUrl, message: (error as Error).message };
        },
      );
  }

  /** A pasted token (Settings > Tracker), for machines where the browser sign-in cannot run. */
  async signInWithToken(input: unknown): Promise<void> {
    const portalUrl = normalisePortalUrl(String((input as { portalUrl?: unknown })?.portalUrl ?? "").trim());
    const token = String((input as { token?: unknown })?.token ?? "").trim();
    if (!token) throw new ActionError("Paste a tracker token from Settings > Tracker.");
    const profile = await new PortalClient(portalUrl, token).me().catch((error: unknown) => {
      throw new ActionError(error instanceof PortalError && error.status === 401 ? "The portal refused that token." : (error as Error).message);
    });
    this.signInAbort?.abort();
    await completeSignIn(this.dir, portalUrl, token, profile, keyForSignIn(this.dir, profile)).catch((error: unknown) => {
      throw new ActionError((error as Error).message, error instanceof DeviceKeyError ? 409 : 400);
    });
    this.profile = profile;
    this.profileError = null;
    this.tokenRefused = false;
    this.signIn = null;
    this.delivery.sender.notify();
  }

  /**
   * Sign out: the portal revokes this computer's token and tracker.json is deleted (tracker/sign-out.ts).
   * Refused while tracking (here, or by a CLI tracker): its slots could not be delivered afterwards.
   */
  signOut(): Promise<void> {
    return this.serial(async () => {
      if (this.running) throw new ActionError(`Stop tracking "${this.running.contractTitle}" first, then sign out.`, 409);
      this.signInAbort?.abort();
      const result = await signOut(this.dir).catch((error: unknown) => {
        throw new ActionError((error as Error).message, 409);
      });
      this.profile = null;
      this.profileError = null;
      this.tokenRefused = false;
      this.signIn = null;
      this.signedOut = result.message;
      this.log(result.message);
    });
  }

  /** Actions run one at a time, so a double click cannot start two sessions. */
  private serial<T>(action: () => Promise<T>): Promise<T> {
    const next = this.busy.then(action, action);
    this.busy = next.catch(() => undefined);
    return next;
  }

  startTracking(input: unknown): Promise<void> {
    return this.serial(() => this.begin(input));
  }

  stopTracking(): Promise<void> {
    return this.serial(() => this.end());
  }

  /**
   * Switching contracts is one action: the running slot closes as R2.3 says (recorded if its
   * screenshot was taken, otherwise not), then the other contract starts.
   */
  switchContract(input: unknown): Promise<void> {
    return this.serial(async () => {
      await this.end();
      await this.begin(input);
    });
  }

  private contract(id: string): Contract {
    const contract = this.profile?.contracts.find((c) => c.id === id);
    if (!contract) throw new ActionError("Pick one of your active contracts.");
    return contract as Contract;
  }

  private async begin(input: unknown): Promise<void> {
    if (this.running) throw new ActionError(`Already tracking "${this.running.contractTitle}". Switch or stop first.`, 409);
    if (!this.client()) throw new ActionError("Sign in first.", 401);
    if (!this.profile || this.tokenRefused) await this.refresh();
    if (this.tokenRefused) throw new ActionError(this.profileError as string, 401);
    const contract = this.contract(String((input as { contractId?: unknown })?.contractId ?? ""));
    const memo = String((input as { memo?: unknown })?.memo ?? "").trim();
    const cli = loadState(this.dir);
    if (cli?.running && cli.pid !== process.pid && isTrackerAlive(cli.pid)) {
      throw new ActionError(`The command-line tracker is tracking "${cli.contractTitle}". Stop it first (hourglass-tracker stop).`, 409);
    }
    let testing: Pick<TrackingSetup, "simulate" | "testClock" | "clock"> = {};
    if (this.testMode) {
      try {
        refuseTestModeUnlessAllowed(this.profile as { portal?: { testModes: boolean } } | null, this.testMode.simulate ? "--simulate" : "--speed/--from");
      } catch (error) {
        throw new ActionError((error as Error).message);
      }
      // One test clock for the window's life: a switch goes on from where the clock is, never back.
      const fromMs = this.testMode.fromMs ?? Date.parse(this.profile?.serverTime ?? new Date().toISOString());
      this.clock ??= scaledClock(fromMs, this.testMode.speed);
      const timing = { speed: this.testMode.speed, fromMs };
      testing = this.testMode.simulate ? { simulate: { ...timing, idleAfterMinutes: this.testMode.idleAfterMinutes }, clock: this.clock } : { testClock: timing, clock: this.clock };
    }
    const setup: TrackingSetup = {
      contractId: contract.id,
      contractTitle: contract.title,
      memo,
      idleMinutes: this.settings.idleMinutes,
      monitors: this.settings.monitors,
      log: this.log,
      ...testing,
    };
    let started!: () => void;
    const startedSignal = new Promise<null>((resolve) => (started = () => resolve(null)));
    const { session, clock, backend } = createSession(setup, {
      record: this.delivery.record,
      onStarted: () => {
        started();
        this.stateFile.onStarted();
      },
      onSnapshot: (snap) => {
        this.snapshot = snap;
        this.stateFile.onSnapshot(snap);
        if (this.preview && this.preview.slotStart === snap.slotStart) Object.assign(this.preview, { keyboard: snap.keyboard, mouse: snap.mouse });
      },
      onShot: (shot) => {
        const current = this.snapshot?.slotStart === shot.slotStart ? this.snapshot : null;
        this.preview = {
          slotStart: shot.slotStart,
          takenAt: shot.takenAt,
          image: shot.jpeg,
          keyboard: current?.keyboard ?? [],
          mouse: current?.mouse ?? [],
          discarded: false,
          version: ++this.previews,
        };
        // Choice: the notification says how to undo, as the deletion is possible only until the slot ends.
        if (this.settings.notifyOnScreenshot) notifyDesktop(`Screenshot taken at ${hhmm(shot.takenAt)} UTC. Delete it in the tracker window before ${hhmm(shot.slotStart + SLOT_MS)} to leave that slot out.`, ["--expire-time=8000"]);
      },
    });
    this.stateFile.begin(setup, backend, clock);
    const running: Running = { session, contractId: contract.id, contractTitle: contract.title, startedAt: clock.now(), done: Promise.resolve(null as unknown as SessionStop) };
    running.done = session.run().then(
      (stop) => stop,
      (error: unknown) => ({ reason: "error" as const, at: clock.now(), message: `Tracking could not run: ${(error as Error).message}` }),
    );
    this.running = running;
    this.snapshot = null;
    this.notice = null;
    void running.done.then((stop) => this.ended(running, stop));
    this.log(`Tracking "${contract.title}"${memo ? ` (memo: ${memo})` : " without a memo"}.`);
    const failed = await Promise.race([startedSignal, running.done]);
    if (failed) throw new ActionError(failed.message);
  }

  private ended(running: Running, stop: SessionStop): void {
    if (this.running !== running) return;
    this.running = null;
    this.snapshot = null;
    this.delivery.stoppedByItself(running.contractId, stop);
    this.stateFile.stopped(stop, this.delivery.queue.size() + this.delivery.events.size());
    this.log(stop.message);
    if (stop.reason !== "stopped") {
      // R2.4 the window says when and why tracking stopped by itself; the desktop is told too.
      this.notice = { reason: stop.reason, message: stop.message, at: new Date(stop.at).toISOString() };
      notifyDesktop(stop.message);
    }
    void this.refresh();
  }

  private async end(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.session.stop("stopped");
    const stop = await running.done;
    this.ended(running, stop);
  }

  /** The memo for the slots that start from now on (R5: an empty memo costs Hourly Protection). */
  setMemo(input: unknown): void {
    const memo = String((input as { memo?: unknown })?.memo ?? "").trim();
    if (memo.length > 500) throw new ActionError("Use at most 500 characters.");
    if (!this.running) throw new ActionError("Not tracking: the memo is given when tracking starts.", 409);
    this.running.session.setMemo(memo);
    this.stateFile.memoChanged(memo);
    if (this.snapshot) this.snapshot = { ...this.snapshot, memo };
  }

  /** Deletes the running slot's screenshot: that slot is not sent and not paid (R2.3). */
  discardScreenshot(input: unknown): void {
    const slotStart = Date.parse(String((input as { slotStart?: unknown })?.slotStart ?? ""));
    const preview = this.preview;
    if (!this.running || !preview || preview.slotStart !== slotStart || !this.running.session.discardScreenshot(slotStart)) {
      throw new ActionError("That slot has ended: its screenshot is already queued for the portal. Delete it in the Work Diary instead.", 409);
    }
    preview.discarded = true;
    preview.image = null;
  }

  /**
   * Choice: portal pages (Work Diary, Messages, the sign-in page) open in the default browser, where the
   * freelancer is signed in to the portal, not in the window's own browser profile. Only the portal's pages.
   */
  async openPortalPage(input: unknown): Promise<void> {
    const url = String((input as { url?: unknown })?.url ?? "");
    const base = loadConfig(this.dir)?.portalUrl ?? this.signIn?.portalUrl;
    if (!base || !(url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`))) throw new ActionError("Only pages of your portal open from here.", 403);
    if (!(await openUrl(url))) throw new ActionError(`No browser could be opened. Open ${url} yourself.`);
  }

  updateSettings(input: unknown): void {
    this.settings = { ...this.settings, ...settingsPatch(input) };
    saveSettings(this.settings, this.dir);
  }

  /** The last screenshot's image, unless deleted. */
  previewImage(): { bytes: Buffer; contentType: string } | null {
    return this.preview?.image ?? null;
  }

  state(): unknown {
    const config = loadConfig(this.dir);
    const portalUrl = config?.portalUrl ?? null;
    const snap = this.snapshot;
    const running = this.running;
    const contracts = ((this.profile?.contracts ?? []) as Contract[]).map((c) => ({
      id: c.id,
      title: c.title,
      clientName: c.clientName,
      weeklyLimitHours: c.weeklyLimitHours ?? null,
      minutesToday: c.minutesToday ?? null,
      minutesThisWeek: c.minutesThisWeek ?? null,
      unreadMessages: c.unreadMessages ?? 0,
      diaryUrl: portalUrl && c.diaryPath ? `${portalUrl}${c.diaryPath}` : null,
      messagesUrl: portalUrl && c.messagesPath ? `${portalUrl}${c.messagesPath}` : null,
    }));
    const preview = this.preview;
    return {
      portalUrl,
      user: this.profile?.user ? { name: this.profile.user.name, email: this.profile.user.email } : null,
      signIn: config && !this.signIn ? null : this.signIn,
      signedOut: config ? null : this.signedOut,
      profileError: this.profileError,
      tokenRefused: this.tokenRefused,
      contracts,
      tracking: running
        ? {
            contractId: running.contractId,
            contractTitle: running.contractTitle,
            memo: snap?.memo ?? null,
            slot: snap
              ? {
                  start: new Date(snap.slotStart).toISOString(),
                  end: new Date(snap.slotStart + SLOT_MS).toISOString(),
                  clockAt: new Date(snap.clockAt).toISOString(),
                  progress: Math.min(1, (snap.clockAt - snap.slotStart) / SLOT_MS),
                  memo: snap.slotMemo,
                  screenshotTaken: snap.screenshotTaken,
                  discarded: snap.discarded,
                }
              : null,
          }
        : null,
      preview: preview
        ? {
            slotStart: new Date(preview.slotStart).toISOString(),
            takenAt: new Date(preview.takenAt).toISOString(),
            imageUrl: preview.image ? `api/preview?v=${preview.version}` : null,
            keyboard: preview.keyboard,
            mouse: preview.mouse,
            discarded: preview.discarded,
            deletable: Boolean(running && snap && snap.slotStart === preview.slotStart && !preview.discarded),
          }
        : null,
      queue: {
        size: this.delivery.queue.size(),
        rejected: this.delivery.queue.rejectedCount(),
        lastSync: this.lastSync,
        problem: this.lastProblem,
      },
      notice: this.notice,
      settings: this.settings,
      testMode: this.testMode ? { speed: this.testMode.speed, simulate: this.testMode.simulate } : null,
    };
  }

  /** Stops tracking (the running slot closes as on a stop) and gives the queue a last few seconds. */
  async shutdown(graceMs = 5_000): Promise<void> {
    this.signInAbort?.abort();
    await this.stopTracking().catch(() => undefined);
    this.stopDelivery.abort();
    await this.delivering;
    const last = new AbortController();
    const timer = setTimeout(() => last.abort(), graceMs);
    await this.delivery.sender.run(last.signal, { untilEmpty: true });
    clearTimeout(timer);
  }
}
