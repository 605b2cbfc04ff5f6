// One browser tab's calls (R17.1), without React: placing, ringing, answering and ending a call,
// the WebRTC peer connection and its signalling over the realtime layer, heartbeats, and what the
// call panel shows, as an external store (useSyncExternalStore). components/calls renders it.
//
// The server is the source of truth for a call's life (ringing -> active -> ended); the tab acts on
// `call-updated` (both parties' user channels) and on its own heartbeats' answers, and exchanges
// offer, answer and ICE candidates with the other tab through POST /signal, relayed on the
// contract's private call channel. Media go peer to peer; nothing of them touches the portal.
import { channels, REALTIME_EVENTS, type CallSignalEvent, type CallUpdatedEvent } from "@/lib/realtime/client/events";
import type { RealtimeClient } from "@/lib/realtime/client/realtime-client";
import { CallApiError, callApi, hangupBeacon, type CallView, type SignalBody } from "./call-api";
import { endedStateText, microphoneErrorMessage, refusalText, type CallOutcome, type CallStateText } from "./call-texts";
import { RingTone } from "./ring-tone";
import { tabId } from "./tab-id";

/** R17.1 each tab taking part says it is still there this often (the server ends a side unseen for 6 s). */
const HEARTBEAT_MS = 2000;
/** Choice: a dropped connection is restarted (ICE restart) after 5 s, and the call ends as failed after 15 s, as Meet and Slack huddles give up. */
const RESTART_AFTER_MS = 5000;
const FAIL_AFTER_MS = 15_000;
/** Choice: a call answered but never connected (no route between the two browsers) ends as failed after 20 s. */
const CONNECT_TIMEOUT_MS = 20_000;
/** Choice: the ended panel stays 30 s (or until closed), long enough to read why, short enough not to linger. */
const ENDED_PANEL_MS = 30_000;
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export type CallPhase = "idle" | "incoming" | "outgoing" | "active" | "ended";

export interface CallSnapshot {
  phase: CallPhase;
  /** the server's view, once known */
  call: CallView | null;
  /** the other party's name */
  peerName: string;
  /** the panel's state line; null while idle or only ringing here */
  state: CallStateText | null;
  /** one more sentence on the panel: why the call could not be placed or answered */
  note: string | null;
  /** the microphone could not be used: what to do */
  micError: string | null;
  /** Date.now() when first connected (the timer), and when it ended (the timer stops) */
  connectedAt: number | null;
  endedAt: number | null;
  muted: boolean;
  ringMuted: boolean;
  localStream: MediaStream | null;
  /** an accept, decline or hang-up is on its way */
  pending: boolean;
}

export const IDLE_CALL: CallSnapshot = {
  phase: "idle",
  call: null,
  peerName: "",
  state: null,
  note: null,
  micError: null,
  connectedAt: null,
  endedAt: null,
  muted: false,
  ringMuted: false,
  localStream: null,
  pending: false,
};

interface Live {
  call: CallView;
  role: "caller" | "callee";
  /** this tab takes part: the caller's tab, or the callee's tab that answered */
  joined: boolean;
  peerTab: string | null;
  stream: MediaStream | null;
  pc: RTCPeerConnection | null;
  iceServers: RTCIceServer[];
  releaseChannel: (() => void) | null;
  offered: boolean;
  remoteSet: boolean;
  queued: RTCIceCandidateInit[];
  audio: HTMLAudioElement | null;
  timers: Set<ReturnType<typeof setTimeout>>;
  heartbeat: ReturnType<typeof setInterval> | undefined;
  dropTimers: ReturnType<typeof setTimeout>[];
  restarted: boolean;
  signals: Promise<void>;
  sends: Promise<unknown>;
}

/** The test hook (documented in the interfaces): this tab's own call only. */
declare global {
  interface Window {
    __hourglassCall?: { pc: RTCPeerConnection | null; state: string };
  }
}

export interface StartCallInput {
  conversationId: string;
  contractId: string;
  peerName: string;
}

export class CallManager {
  readonly tab = tabId();
  private snapshot: CallSnapshot = IDLE_CALL;
  private readonly listeners = new Set<() => void>();
  private live: Live | null = null;
  private readonly ring = new RingTone();
  private readonly early = new Map<string, CallUpdatedEvent>();
  private readonly looking = new Set<string>();
  private readonly offs: Array<() => void> = [];
  private dismissTimer: ReturnType<typeof setTimeout> | undefined;
  /** bumped whenever a call ends or starts, so a slow await of an older attempt does nothing */
  private generation = 0;

  constructor(
    private readonly realtime: RealtimeClient,
    private readonly userId: string,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CallSnapshot => this.snapshot;

  /** Starts listening: the user's call events, a call already ringing, the page going away. */
  attach(): void {
    this.offs.push(this.realtime.on<CallUpdatedEvent>(channels.user(this.userId), REALTIME_EVENTS.callUpdated, (e) => this.onUpdate(e)));
    const onPageHide = () => {
      const live = this.live;
      if (live?.joined) hangupBeacon(live.call.id, this.tab);
    };
    window.addEventListener("pagehide", onPageHide);
    this.offs.push(() => window.removeEventListener("pagehide", onPageHide));
    // a page opened while someone is calling shows the banner
    void callApi
      .current()
      .then((call) => {
        if (call && call.status === "ringing" && call.callee.id === this.userId && this.snapshot.phase === "idle") this.showIncoming(call);
      })
      .catch(() => undefined);
  }

  /** Stops listening and ends this tab's part in a call (the provider unmounts: signed out). */
  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    if (this.live?.joined) hangupBeacon(this.live.call.id, this.tab);
    this.teardown();
    this.ring.stop();
    clearTimeout(this.dismissTimer);
    this.set(IDLE_CALL);
  }

  // ---- what the user does ----

  async start({ conversationId, contractId, peerName }: StartCallInput): Promise<void> {
    if (this.snapshot.phase === "incoming" || this.snapshot.phase === "outgoing" || this.snapshot.phase === "active") return;
    const generation = ++this.generation;
    clearTimeout(this.dismissTimer);
    this.set({ ...IDLE_CALL, phase: "outgoing", peerName, state: "Calling…" });
    let stream: MediaStream;
    try {
      stream = await this.microphone();
    } catch (error) {
      if (generation === this.generation) this.set({ ...this.snapshot, phase: "ended", state: "Call ended", micError: microphoneErrorMessage(error), endedAt: Date.now() });
      return;
    }
    if (generation !== this.generation) return stopStream(stream);
    this.set({ ...this.snapshot, localStream: stream });
    let release: () => void;
    let iceServers: RTCIceServer[];
    try {
      [release, iceServers] = await Promise.all([this.joinCallChannel(contractId), callApi.iceServers().catch(() => [])]);
    } catch {
      stopStream(stream);
      if (generation === this.generation) this.endLocally("Call ended", "The live connection refused the call. Reload the page and try again.");
      return;
    }
    if (generation !== this.generation) {
      release();
      return stopStream(stream);
    }
    let call: CallView;
    try {
      call = await callApi.start(conversationId, this.tab);
    } catch (error) {
      release();
      stopStream(stream);
      if (generation !== this.generation) return;
      const refusal = error instanceof CallApiError ? refusalText(error.code) : refusalText("");
      const note = refusal.note ?? (error instanceof CallApiError && error.code !== "busy" ? error.message : null);
      this.endLocally(refusal.state, note);
      return;
    }
    if (generation !== this.generation) {
      release();
      stopStream(stream);
      void callApi.hangup(call.id, this.tab).catch(() => undefined);
      return;
    }
    const live = this.newLive(call, "caller", true, stream, iceServers, release);
    this.set({ ...this.snapshot, call, state: call.status === "ringing" ? "Ringing…" : this.snapshot.state });
    this.startHeartbeat(live);
    // R17.1 not answered within the ring time: the caller's tab ends it as missed (the server's sweep would too)
    const ringMs = Math.max(0, Date.parse(call.ringUntil) - Date.parse(call.createdAt));
    this.later(live, ringMs, () => {
      if (this.live === live && live.call.status === "ringing") void this.hangup("timeout");
    });
    const early = this.early.get(call.id);
    this.early.clear();
    this.applyCall(live, call);
    if (early) this.onUpdate(early);
  }

  async accept(): Promise<void> {
    const live = this.live;
    if (!live || live.role !== "callee" || live.joined || this.snapshot.pending) return;
    const generation = this.generation;
    this.ring.stop();
    this.set({ ...this.snapshot, pending: true, micError: null });
    let stream: MediaStream;
    try {
      stream = await this.microphone();
    } catch (error) {
      // the call keeps ringing: the user may fix the permission and accept again, or decline
      if (generation === this.generation) this.set({ ...this.snapshot, pending: false, micError: microphoneErrorMessage(error) });
      return;
    }
    if (generation !== this.generation || this.live !== live) return stopStream(stream);
    let release: () => void;
    let iceServers: RTCIceServer[];
    try {
      [release, iceServers] = await Promise.all([this.joinCallChannel(live.call.contractId), callApi.iceServers().catch(() => [])]);
    } catch {
      stopStream(stream);
      if (generation === this.generation) this.set({ ...this.snapshot, pending: false, note: "The live connection refused the call. Reload the page and try again." });
      return;
    }
    if (generation !== this.generation || this.live !== live) {
      release();
      return stopStream(stream);
    }
    // Ready before the server says active: the caller's offer may arrive before our POST returns.
    Object.assign(live, { joined: true, stream, iceServers, releaseChannel: release, peerTab: live.call.callerTab });
    this.createPeer(live);
    this.set({ ...this.snapshot, phase: "active", state: "Connecting…", localStream: stream });
    try {
      const call = await callApi.accept(live.call.id, this.tab);
      if (this.live !== live) return;
      this.set({ ...this.snapshot, pending: false });
      this.applyCall(live, call);
    } catch (error) {
      if (this.live !== live) return;
      const refusal = refusalText(error instanceof CallApiError ? error.code : "");
      this.endLocally(refusal.state, refusal.note ?? (error instanceof CallApiError ? error.message : "The portal could not be reached."));
    }
  }

  async decline(): Promise<void> {
    const live = this.live;
    if (!live || live.role !== "callee" || live.joined) return;
    this.ring.stop();
    this.teardown();
    this.set(IDLE_CALL);
    await callApi.decline(live.call.id, this.tab).catch(() => undefined);
  }

  async hangup(reason: "hangup" | "timeout" | "failed" = "hangup"): Promise<void> {
    const live = this.live;
    if (!live?.joined) return;
    this.set({ ...this.snapshot, pending: true });
    try {
      const call = await callApi.hangup(live.call.id, this.tab, reason);
      if (this.live === live) this.finish(call.outcome ?? (reason === "timeout" ? "missed" : null));
    } catch {
      // the heartbeat stops with the teardown, so the server's sweep ends it within seconds anyway
      if (this.live === live) this.finish(reason === "failed" ? "failed" : null);
    }
  }

  toggleMute(): void {
    const muted = !this.snapshot.muted;
    for (const track of this.live?.stream?.getAudioTracks() ?? []) track.enabled = !muted;
    this.set({ ...this.snapshot, muted });
  }

  toggleRingMute(): void {
    const ringMuted = !this.snapshot.ringMuted;
    this.ring.setMuted(ringMuted);
    this.set({ ...this.snapshot, ringMuted });
  }

  /** Closes the ended panel. */
  dismiss(): void {
    if (this.snapshot.phase !== "ended") return;
    clearTimeout(this.dismissTimer);
    this.set(IDLE_CALL);
  }

  // ---- what the server says ----

  private onUpdate(e: CallUpdatedEvent): void {
    const live = this.live;
    if (live && e.callId === live.call.id) {
      this.applyCall(live, { ...live.call, status: e.status, outcome: e.outcome, calleeTab: e.calleeTab });
      return;
    }
    if (this.snapshot.phase === "outgoing" && !live) {
      this.early.set(e.callId, e); // our own call's news may outrun the POST's answer
      return;
    }
    // Choice: a tab busy with a call shows no other (the server answers busy anyway).
    if (live || e.status !== "ringing" || e.callerTab === this.tab || this.looking.has(e.callId)) return;
    this.looking.add(e.callId);
    void callApi
      .get(e.callId)
      .then((call) => {
        if (call.status === "ringing" && call.callee.id === this.userId && !this.live && this.snapshot.phase !== "outgoing") this.showIncoming(call);
      })
      .catch(() => undefined)
      .finally(() => this.looking.delete(e.callId));
  }

  /** Acts on the server's latest view of our call (from an event, a heartbeat or a POST's answer). */
  private applyCall(live: Live, call: CallView): void {
    live.call = call;
    if (call.status === "ended") {
      if (live.joined || live.role === "caller") this.finish(call.outcome);
      else this.dropIncoming();
      return;
    }
    if (call.status !== "active") return;
    if (live.role === "callee" && !live.joined && call.calleeTab !== this.tab) {
      // answered in another of this user's tabs: this one stops ringing
      this.dropIncoming();
      return;
    }
    if (live.role === "caller" && !live.offered && call.calleeTab) {
      live.peerTab = call.calleeTab;
      this.set({ ...this.snapshot, call, state: "Connecting…", phase: "active" });
      void this.offer(live, false);
    }
  }

  private showIncoming(call: CallView): void {
    const live = this.newLive(call, "callee", false, null, [], null);
    this.generation++;
    clearTimeout(this.dismissTimer);
    this.set({ ...IDLE_CALL, phase: "incoming", call, peerName: call.caller.name });
    this.ring.setMuted(false);
    this.ring.start();
    // ringing tabs heartbeat too, so a callee whose every tab closed is seen gone
    this.startHeartbeat(live);
  }

  private dropIncoming(): void {
    this.ring.stop();
    this.teardown();
    this.set(IDLE_CALL);
  }

  // ---- WebRTC ----

  private createPeer(live: Live): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: live.iceServers });
    live.pc = pc;
    for (const track of live.stream?.getAudioTracks() ?? []) pc.addTrack(track, live.stream!);
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate?.candidate || !live.peerTab) return;
      this.send(live, { to: live.peerTab, kind: "candidate", candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } });
    };
    pc.ontrack = ({ streams, track }) => {
      live.audio ??= new Audio();
      live.audio.autoplay = true;
      live.audio.srcObject = streams[0] ?? new MediaStream([track]);
      void live.audio.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => this.onConnectionState(live, pc.connectionState);
    this.later(live, CONNECT_TIMEOUT_MS, () => {
      if (this.live === live && this.snapshot.connectedAt === null) void this.hangup("failed");
    });
    this.publishHook();
    return pc;
  }

  /** The caller makes the one offer (and, after a drop, the ICE restart's), so there is never glare. */
  private async offer(live: Live, iceRestart: boolean): Promise<void> {
    live.offered = true;
    const pc = live.pc ?? this.createPeer(live);
    try {
      const offer = await pc.createOffer({ iceRestart });
      await pc.setLocalDescription(offer);
      if (live.peerTab && pc.localDescription) this.send(live, { to: live.peerTab, kind: "offer", sdp: pc.localDescription.sdp });
    } catch {
      if (this.live === live) void this.hangup("failed");
    }
  }

  private onSignal(e: CallSignalEvent): void {
    const live = this.live;
    if (!live?.joined || e.callId !== live.call.id || e.to !== this.tab) return;
    if (live.peerTab && e.from !== live.peerTab) return;
    // one at a time, in arrival order: a candidate waits for the description before it
    live.signals = live.signals.then(() => this.applySignal(live, e)).catch(() => undefined);
  }

  private async applySignal(live: Live, e: CallSignalEvent): Promise<void> {
    const pc = live.pc;
    if (!pc || this.live !== live) return;
    switch (e.kind) {
      case "offer": {
        if (live.role !== "callee" || !e.sdp) return;
        await pc.setRemoteDescription({ type: "offer", sdp: e.sdp });
        await this.remoteDescribed(live);
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        if (pc.localDescription) this.send(live, { to: e.from, kind: "answer", sdp: pc.localDescription.sdp });
        return;
      }
      case "answer":
        if (live.role !== "caller" || !e.sdp || pc.signalingState !== "have-local-offer") return;
        await pc.setRemoteDescription({ type: "answer", sdp: e.sdp });
        await this.remoteDescribed(live);
        return;
      case "candidate":
        if (!e.candidate) return;
        if (live.remoteSet) await pc.addIceCandidate(e.candidate).catch(() => undefined);
        else live.queued.push(e.candidate);
        return;
      case "restart":
        if (live.role === "caller") await this.offer(live, true);
        return;
    }
  }

  /** Candidates that came before the description are added once it is set. */
  private async remoteDescribed(live: Live): Promise<void> {
    live.remoteSet = true;
    for (const candidate of live.queued.splice(0)) await live.pc?.addIceCandidate(candidate).catch(() => undefined);
  }

  private onConnectionState(live: Live, state: RTCPeerConnectionState): void {
    if (this.live !== live) return;
    if (state === "connected") {
      for (const timer of live.dropTimers.splice(0)) clearTimeout(timer);
      live.restarted = false;
      this.set({ ...this.snapshot, phase: "active", state: "Connected", connectedAt: this.snapshot.connectedAt ?? Date.now() });
      return;
    }
    if (state !== "disconnected" && state !== "failed") return;
    if (this.snapshot.connectedAt === null) {
      if (state === "failed") void this.hangup("failed");
      return;
    }
    this.set({ ...this.snapshot, state: "Reconnecting…" });
    if (live.dropTimers.length > 0) {
      if (state === "failed") this.restart(live);
      return;
    }
    live.dropTimers.push(
      setTimeout(() => this.restart(live), state === "failed" ? 0 : RESTART_AFTER_MS),
      setTimeout(() => {
        if (this.live === live && this.snapshot.state === "Reconnecting…") void this.hangup("failed");
      }, FAIL_AFTER_MS),
    );
  }

  /** Once per drop: the caller restarts ICE; the callee asks the caller to. */
  private restart(live: Live): void {
    if (this.live !== live || live.restarted) return;
    live.restarted = true;
    if (live.role === "caller") void this.offer(live, true);
    else if (live.peerTab) this.send(live, { to: live.peerTab, kind: "restart" });
  }

  // ---- plumbing ----

  private microphone(): Promise<MediaStream> {
    if (!navigator.mediaDevices?.getUserMedia) return Promise.reject(new DOMException("No media devices", "SecurityError"));
    return navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
  }

  /** Subscribes to the contract's call channel and resolves once the subscription holds, so no signal is missed. */
  private joinCallChannel(contractId: string): Promise<() => void> {
    const name = channels.call(contractId);
    const off = this.realtime.on<CallSignalEvent>(name, REALTIME_EVENTS.callSignal, (e) => this.onSignal(e));
    const channel = this.realtime.acquire(name);
    const release = () => {
      off();
      this.realtime.release(name);
    };
    if (channel.subscribed) return Promise.resolve(release);
    return new Promise((resolve, reject) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        channel.unbind("pusher:subscription_succeeded", succeeded);
        channel.unbind("pusher:subscription_error", failed);
        if (ok) resolve(release);
        else {
          release();
          reject(new Error(`Subscription to ${name} failed`));
        }
      };
      const succeeded = () => done(true);
      const failed = () => done(false);
      const timer = setTimeout(failed, SUBSCRIBE_TIMEOUT_MS);
      channel.bind("pusher:subscription_succeeded", succeeded);
      channel.bind("pusher:subscription_error", failed);
    });
  }

  private newLive(call: CallView, role: Live["role"], joined: boolean, stream: MediaStream | null, iceServers: RTCIceServer[], release: (() => void) | null): Live {
    this.teardown();
    const live: Live = {
      call,
      role,
      joined,
      peerTab: role === "callee" ? call.callerTab : call.calleeTab,
      stream,
      pc: null,
      iceServers,
      releaseChannel: release,
      offered: false,
      remoteSet: false,
      queued: [],
      audio: null,
      timers: new Set(),
      heartbeat: undefined,
      dropTimers: [],
      restarted: false,
      signals: Promise.resolve(),
      sends: Promise.resolve(),
    };
    this.live = live;
    return live;
  }

  private startHeartbeat(live: Live): void {
    live.heartbeat = setInterval(() => {
      void callApi.heartbeat(live.call.id, this.tab).then(
        (call) => {
          if (this.live === live) this.applyCall(live, call);
        },
        (error: unknown) => {
          // gone or no longer ours (404, 409): over; a network blip: the next beat tries again
          if (this.live !== live || !(error instanceof CallApiError) || error.status === 0 || error.status >= 500 || error.status === 429) return;
          if (live.joined || live.role === "caller") this.finish(null);
          else this.dropIncoming();
        },
      );
    }, HEARTBEAT_MS);
  }

  /** Signals go out one after another, so the other tab gets the offer before its candidates. */
  private send(live: Live, body: SignalBody): void {
    live.sends = live.sends.then(() => callApi.signal(live.call.id, this.tab, body)).catch(() => undefined);
  }

  private later(live: Live, ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      live.timers.delete(timer);
      run();
    }, ms);
    live.timers.add(timer);
  }

  /** The call is over for this tab: media stopped, the panel says how it ended. */
  private finish(outcome: CallOutcome | null): void {
    this.endLocally(endedStateText(outcome), null);
  }

  private endLocally(state: CallStateText, note: string | null): void {
    this.ring.stop();
    this.teardown();
    this.set({ ...this.snapshot, phase: "ended", state, note, pending: false, localStream: null, endedAt: Date.now() });
    clearTimeout(this.dismissTimer);
    this.dismissTimer = setTimeout(() => this.dismiss(), ENDED_PANEL_MS);
  }

  private teardown(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    this.generation++;
    clearInterval(live.heartbeat);
    for (const timer of [...live.timers, ...live.dropTimers]) clearTimeout(timer);
    live.pc?.close();
    if (live.stream) stopStream(live.stream);
    if (live.audio) live.audio.srcObject = null;
    live.releaseChannel?.();
    this.publishHook();
  }

  private set(next: CallSnapshot): void {
    this.snapshot = next;
    this.publishHook();
    for (const listener of this.listeners) listener();
  }

  private publishHook(): void {
    window.__hourglassCall = { pc: this.live?.pc ?? null, state: this.snapshot.state ?? this.snapshot.phase };
  }
}

function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
