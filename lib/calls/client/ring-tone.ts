// The incoming call's ring, made with WebAudio (no audio file to ship or cache): the two-tone
// 440 + 480 Hz ring of North American phones, 2 s on and 4 s off, until stopped.
const ON_S = 2;
const CYCLE_S = 6;
const VOLUME = 0.08;

export class RingTone {
  private context: AudioContext | null = null;
  private gain: GainNode | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private muted = false;

  start(): void {
    if (this.context || typeof AudioContext === "undefined") return;
    try {
      const context = new AudioContext();
      const gain = context.createGain();
      gain.gain.value = this.muted ? 0 : 1;
      gain.connect(context.destination);
      this.context = context;
      this.gain = gain;
      // a page the user has not touched yet keeps the context suspended (autoplay policy); the banner still shows
      void context.resume().catch(() => undefined);
      this.ring();
      this.timer = setInterval(() => this.ring(), CYCLE_S * 1000);
    } catch {
      this.stop();
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.gain && this.context) this.gain.gain.setValueAtTime(muted ? 0 : 1, this.context.currentTime);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.gain = null;
  }

  private ring(): void {
    const { context, gain } = this;
    if (!context || !gain) return;
    const start = context.currentTime + 0.05;
    const envelope = context.createGain();
    envelope.gain.setValueAtTime(0, start);
    envelope.gain.linearRampToValueAtTime(VOLUME, start + 0.03);
    envelope.gain.setValueAtTime(VOLUME, start + ON_S - 0.03);
    envelope.gain.linearRampToValueAtTime(0, start + ON_S);
    envelope.connect(gain);
    for (const frequency of [440, 480]) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(envelope);
      tone.start(start);
      tone.stop(start + ON_S);
    }
  }
}
