// XInput 2 raw events: key presses, button presses and pointer motion from
// every physical device, whichever window has the focus. Raw events are only
// counted, never decoded: the tracker records how much, not what (R2.1).
import { X11Connection } from "./connection";

export const XI_RAW_KEY_PRESS = 13;
export const XI_RAW_BUTTON_PRESS = 15;
export const XI_RAW_MOTION = 17;
const XI_ALL_MASTER_DEVICES = 1;
const GENERIC_EVENT = 35;

export type RawInput = "key" | "button" | "motion";

/** Selects raw key, button and motion events on the root window; calls `onInput` for each. */
export async function listenForRawInput(conn: X11Connection, onInput: (kind: RawInput) => void): Promise<void> {
  const xi = await conn.queryExtension("XInputExtension");
  if (!xi.present) throw new Error("The X server has no XInput extension; keyboard and mouse activity cannot be counted.");

  // XIQueryVersion 2.2: raw events reach non-grabbing clients only from XI 2.1 on.
  const version = Buffer.alloc(8);
  version.writeUInt8(xi.majorOpcode, 0);
  version.writeUInt8(47, 1);
  version.writeUInt16LE(2, 4);
  version.writeUInt16LE(2, 6);
  const reply = await conn.request(version, { reply: true });
  const major = reply.readUInt16LE(8);
  const minor = reply.readUInt16LE(10);
  if (major < 2 || (major === 2 && minor < 1)) throw new Error(`XInput ${major}.${minor} is too old for raw events (2.1 needed).`);

  conn.onEvent((event) => {
    if ((event.readUInt8(0) & 0x7f) !== GENERIC_EVENT || event.readUInt8(1) !== xi.majorOpcode) return;
    const type = event.readUInt16LE(8);
    if (type === XI_RAW_KEY_PRESS) onInput("key");
    else if (type === XI_RAW_BUTTON_PRESS) onInput("button");
    else if (type === XI_RAW_MOTION) onInput("motion");
  });

  const mask = (1 << XI_RAW_KEY_PRESS) | (1 << XI_RAW_BUTTON_PRESS) | (1 << XI_RAW_MOTION);
  const select = Buffer.alloc(20);
  select.writeUInt8(xi.majorOpcode, 0);
  select.writeUInt8(46, 1); // XISelectEvents
  select.writeUInt32LE(conn.screen.root, 4);
  select.writeUInt16LE(1, 8); // one mask
  select.writeUInt16LE(XI_ALL_MASTER_DEVICES, 12);
  select.writeUInt16LE(1, 14); // mask length in 4-byte units
  select.writeUInt32LE(mask >>> 0, 16);
  const selected = conn.request(select, { reply: false });
  await conn.sync();
  await selected;
}
