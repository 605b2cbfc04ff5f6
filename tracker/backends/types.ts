// What the tracker needs from a desktop: input counts (never content) and a picture of the screen.
export type InputKind = "keyboard" | "mouse";

export interface CapturedScreen {
  bytes: Buffer;
  contentType: "image/jpeg" | "image/png";
}

export interface CaptureBackend {
  readonly name: "x11" | "simulate";
  /** Begin reporting input: `count` events of `kind` happened just now. */
  start(onInput: (kind: InputKind, count: number) => void): Promise<void>;
  /** The whole screen now. */
  capture(at: Date): Promise<CapturedScreen>;
  stop(): Promise<void>;
}
