// The level of the user's own microphone for the call panel's meter: an AnalyserNode on the local
// stream (after mute, since a muted track sends silence), read as RMS in 0..1.
export class MicLevel {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  constructor(stream: MediaStream) {
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    this.samples = new Float32Array(this.analyser.fftSize);
    source.connect(this.analyser);
    void this.context.resume().catch(() => undefined);
  }

  /** 0 (silence) .. 1 (loud speech); RMS scaled so ordinary speech fills most of the meter. */
  read(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const v of this.samples) sum += v * v;
    return Math.min(1, Math.sqrt(sum / this.samples.length) * 4);
  }

  close(): void {
    void this.context.close().catch(() => undefined);
  }
}
