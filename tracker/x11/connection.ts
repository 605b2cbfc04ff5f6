// A minimal X11 protocol client, enough for the tracker: connect (with the
// MIT-MAGIC-COOKIE-1 from Xauthority), read the screen's layout, GetImage of
// the root window, and XInput 2 raw events. Written against the X11 and XI2
// protocol specifications so the tracker needs no native module and no X tool
// at run time. Little-endian requests; the server converts as needed.
import { createConnection, type Socket } from "node:net";
import { readFileSync } from "node:fs";
import { homedir, hostname } from "node:os";
import path from "node:path";

export interface DisplayAddress {
  host: string;
  display: number;
  screen: number;
}

/** DISPLAY as ":0", ":1.0", "unix:0", "localhost:10.0". */
export function parseDisplay(value: string | undefined): DisplayAddress {
  const m = /^([^:]*):(\d+)(?:\.(\d+))?$/.exec(value ?? "");
  if (!m) throw new Error(`No X display: DISPLAY is ${value ? `"${value}"` : "not set"}. Run the tracker inside an X11 session, or use --simulate.`);
  return { host: m[1] as string, display: Number(m[2]), screen: Number(m[3] ?? 0) };
}

export interface XauthEntry {
  family: number;
  address: string;
  number: string;
  name: string;
  data: Buffer;
}

const FAMILY_LOCAL = 256;
const FAMILY_WILD = 65535;

/** Entries of an Xauthority file (big-endian, length-prefixed fields). */
export function parseXauthority(buf: Buffer): XauthEntry[] {
  const entries: XauthEntry[] = [];
  let o = 0;
  const field = (): Buffer => {
    const len = buf.readUInt16BE(o);
    const value = buf.subarray(o + 2, o + 2 + len);
    o += 2 + len;
    return value;
  };
  while (o + 2 <= buf.length) {
    const family = buf.readUInt16BE(o);
    o += 2;
    const address = field().toString("latin1");
    const number = field().toString("latin1");
    const name = field().toString("latin1");
    const data = Buffer.from(field());
    entries.push({ family, address, number, name, data });
  }
  return entries;
}

function cookieFor(display: DisplayAddress, env: Record<string, string | undefined>): { name: string; data: Buffer } | null {
  const file = env.XAUTHORITY || path.join(homedir(), ".Xauthority");
  let entries: XauthEntry[];
  try {
    entries = parseXauthority(readFileSync(file));
  } catch {
    return null; // no file: the server may not require authorisation (e.g. Xvfb without -auth)
  }
  const local = display.host === "" || display.host === "unix" || display.host === "localhost";
  const match = entries.find(
    (e) =>
      e.name === "MIT-MAGIC-COOKIE-1" &&
      (e.number === "" || e.number === String(display.display)) &&
      (e.family === FAMILY_WILD || (local && e.family === FAMILY_LOCAL && e.address === hostname()) || (!local && e.address === display.host)),
  );
  return match ? { name: match.name, data: match.data } : null;
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;

export interface Visual {
  id: number;
  redMask: number;
  greenMask: number;
  blueMask: number;
}

export interface ScreenInfo {
  root: number;
  width: number;
  height: number;
  rootDepth: number;
  rootVisual: number;
}

export interface SetupInfo {
  /** base and mask for ids of resources this client creates */
  resourceIdBase: number;
  resourceIdMask: number;
  imageByteOrder: "LSB" | "MSB";
  /** depth -> bits per pixel and scanline pad */
  formats: Map<number, { bitsPerPixel: number; scanlinePad: number }>;
  screens: ScreenInfo[];
  visuals: Map<number, Visual>;
}

/** Parses the success block of the connection setup reply (after its 8-byte header). */
export function parseSetup(body: Buffer): SetupInfo {
  const vendorLength = body.readUInt16LE(16);
  const screenCount = body.readUInt8(20);
  const formatCount = body.readUInt8(21);
  const imageByteOrder = body.readUInt8(22) === 0 ? "LSB" : "MSB";
  let o = 32 + vendorLength + pad4(vendorLength);
  const formats = new Map<number, { bitsPerPixel: number; scanlinePad: number }>();
  for (let i = 0; i < formatCount; i++, o += 8) formats.set(body.readUInt8(o), { bitsPerPixel: body.readUInt8(o + 1), scanlinePad: body.readUInt8(o + 2) });
  const screens: ScreenInfo[] = [];
  const visuals = new Map<number, Visual>();
  for (let s = 0; s < screenCount; s++) {
    screens.push({ root: body.readUInt32LE(o), width: body.readUInt16LE(o + 20), height: body.readUInt16LE(o + 22), rootVisual: body.readUInt32LE(o + 32), rootDepth: body.readUInt8(o + 38) });
    const depthCount = body.readUInt8(o + 39);
    o += 40;
    for (let d = 0; d < depthCount; d++) {
      const visualCount = body.readUInt16LE(o + 2);
      o += 8;
      for (let v = 0; v < visualCount; v++, o += 24) {
        const id = body.readUInt32LE(o);
        visuals.set(id, { id, redMask: body.readUInt32LE(o + 8), greenMask: body.readUInt32LE(o + 12), blueMask: body.readUInt32LE(o + 16) });
      }
    }
  }
  return { resourceIdBase: body.readUInt32LE(4), resourceIdMask: body.readUInt32LE(8), imageByteOrder, formats, screens, visuals };
}

type Pending = { resolve: (reply: Buffer) => void; reject: (error: Error) => void; voidRequest: boolean };

export class X11Error extends Error {
  constructor(
    readonly code: number,
    readonly majorOpcode: number,
    readonly minorOpcode: number,
  ) {
    super(`X11 error ${code} (request ${majorOpcode}.${minorOpcode})`);
    this.name = "X11Error";
  }
}

export class X11Connection {
  private buffer: Buffer = Buffer.alloc(0);
  /** chunks held back until `need` bytes are there: a 33 MB GetImage reply is joined once, not per chunk */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private need = 0;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private eventListener: ((event: Buffer) => void) | null = null;
  private closed = false;
  private setupDone!: (info: SetupInfo) => void;
  private setupFailed!: (error: Error) => void;
  readonly ready: Promise<SetupInfo>;
  setup!: SetupInfo;
  screen!: ScreenInfo;

  private constructor(
    private readonly socket: Socket,
    private readonly address: DisplayAddress,
  ) {
    this.ready = new Promise<SetupInfo>((resolve, reject) => {
      this.setupDone = resolve;
      this.setupFailed = reject;
    });
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(new Error(`X11 connection: ${error.message}`)));
    socket.on("close", () => this.fail(new Error("The X11 connection closed.")));
  }

  static async open(display = process.env.DISPLAY, env: Record<string, string | undefined> = process.env): Promise<X11Connection> {
    const address = parseDisplay(display);
    const local = address.host === "" || address.host === "unix";
    const socket = local ? createConnection(`/tmp/.X11-unix/X${address.display}`) : createConnection(6000 + address.display, address.host);
    const conn = new X11Connection(socket, address);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", (e) => reject(new Error(`Cannot connect to X display ${display}: ${e.message}`)));
    });
    const cookie = cookieFor(address, env);
    const name = Buffer.from(cookie?.name ?? "", "latin1");
    const data = cookie?.data ?? Buffer.alloc(0);
    const header = Buffer.alloc(12);
    header.writeUInt8(0x6c, 0); // 'l': little-endian
    header.writeUInt16LE(11, 2);
    header.writeUInt16LE(0, 4);
    header.writeUInt16LE(name.length, 6);
    header.writeUInt16LE(data.length, 8);
    socket.write(Buffer.concat([header, name, Buffer.alloc(pad4(name.length)), data, Buffer.alloc(pad4(data.length))]));
    const info = await conn.ready;
    conn.setup = info;
    const screen = info.screens[address.screen];
    if (!screen) throw new Error(`X display ${display} has no screen ${address.screen}.`);
    conn.screen = screen;
    return conn;
  }

  onEvent(listener: (event: Buffer) => void): void {
    this.eventListener = listener;
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.setupFailed(error);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    if (!this.closed) this.closed = true;
  }

  private onData(chunk: Buffer): void {
    this.heldBytes += chunk.length;
    if (this.heldBytes < this.need) {
      this.held.push(chunk);
      return;
    }
    this.buffer = this.buffer.length || this.held.length ? Buffer.concat([this.buffer, ...this.held, chunk]) : chunk;
    this.held = [];
    this.need = 0;
    if (!this.setup) {
      if (this.buffer.length < 8) return;
      const total = 8 + this.buffer.readUInt16LE(6) * 4;
      if (this.buffer.length < total) return;
      const status = this.buffer.readUInt8(0);
      const block = this.buffer.subarray(0, total);
      this.buffer = this.buffer.subarray(total);
      if (status !== 1) {
        const reason = status === 0 ? block.subarray(8, 8 + block.readUInt8(1)).toString("latin1") : "the server asks for more authentication";
        this.setupFailed(new Error(`The X server refused the connection: ${reason.trim() || "no reason given"} (check XAUTHORITY).`));
        return;
      }
      this.setup = parseSetup(block.subarray(8));
      this.setupDone(this.setup);
    }
    while (this.buffer.length >= 32) {
      const type = this.buffer.readUInt8(0) & 0x7f;
      const total = type === 1 || type === 35 ? 32 + this.buffer.readUInt32LE(4) * 4 : 32;
      if (this.buffer.length < total) {
        this.need = total;
        this.heldBytes = this.buffer.length;
        return;
      }
      const whole = total === this.buffer.length;
      const packet = whole ? this.buffer : Buffer.from(this.buffer.subarray(0, total));
      this.buffer = whole ? Buffer.alloc(0) : this.buffer.subarray(total); // an empty view would keep a large reply's memory
      const seq = packet.readUInt16LE(2);
      if (type === 0) {
        const p = this.pending.get(seq);
        this.pending.delete(seq);
        p?.reject(new X11Error(packet.readUInt8(1), packet.readUInt8(10), packet.readUInt16LE(8)));
      } else if (type === 1) {
        // Replies come in request order: every void request before this one succeeded.
        for (const [s, p] of this.pending) {
          if (s === seq) continue;
          if (p.voidRequest && ((seq - s) & 0xffff) < 0x8000) {
            this.pending.delete(s);
            p.resolve(Buffer.alloc(0));
          }
        }
        const p = this.pending.get(seq);
        this.pending.delete(seq);
        p?.resolve(packet);
      } else {
        this.eventListener?.(packet);
      }
    }
  }

  /** Sends one request; resolves with its reply (or, for a void request, once a later reply proves it succeeded). */
  request(body: Buffer, opts: { reply: boolean }): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error("The X11 connection is closed."));
    if (body.length % 4 !== 0) throw new Error("X11 requests are padded to 4 bytes");
    body.writeUInt16LE(body.length / 4, 2);
    this.seq = (this.seq + 1) & 0xffff;
    const seq = this.seq;
    const promise = new Promise<Buffer>((resolve, reject) => this.pending.set(seq, { resolve, reject, voidRequest: !opts.reply }));
    this.socket.write(body);
    return promise;
  }

  /** A round trip (GetInputFocus), which also settles every void request sent before it. */
  async sync(): Promise<void> {
    const req = Buffer.alloc(4);
    req.writeUInt8(43, 0);
    await this.request(req, { reply: true });
  }

  async queryExtension(name: string): Promise<{ present: boolean; majorOpcode: number; firstEvent: number }> {
    const n = Buffer.from(name, "latin1");
    const req = Buffer.alloc(8 + n.length + pad4(n.length));
    req.writeUInt8(98, 0);
    req.writeUInt16LE(n.length, 4);
    n.copy(req, 8);
    const reply = await this.request(req, { reply: true });
    return { present: reply.readUInt8(8) === 1, majorOpcode: reply.readUInt8(9), firstEvent: reply.readUInt8(10) };
  }

  /** GetImage of a drawable in ZPixmap format: the raw pixel rows and the reply's depth and visual. */
  async getImage(drawable: number, x: number, y: number, width: number, height: number): Promise<{ depth: number; visual: number; data: Buffer }> {
    const req = Buffer.alloc(20);
    req.writeUInt8(73, 0);
    req.writeUInt8(2, 1); // ZPixmap
    req.writeUInt32LE(drawable, 4);
    req.writeInt16LE(x, 8);
    req.writeInt16LE(y, 10);
    req.writeUInt16LE(width, 12);
    req.writeUInt16LE(height, 14);
    req.writeUInt32LE(0xffffffff, 16);
    const reply = await this.request(req, { reply: true });
    return { depth: reply.readUInt8(1), visual: reply.readUInt32LE(8), data: reply.subarray(32) };
  }

  get displayAddress(): DisplayAddress {
    return this.address;
  }
}
