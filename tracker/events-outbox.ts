// Events the tracker owes the portal (R16.4: "tracker stopped for inactivity"). Like the segment
// queue, each event is written to disk (written then renamed) before any attempt to send it, and
// removed only once the portal has taken it, or has refused it with its own error answer.
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./config";
import type { TrackerEventInput } from "../lib/validation/tracker";

interface QueuedEvent {
  /** file stem: the event's instant (ms, zero-padded), kind and contract, so names sort by time and a repeat overwrites */
  name: string;
  event: TrackerEventInput;
  enqueuedAt: string;
}

export class EventsOutbox {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  add(event: TrackerEventInput, now = new Date()): QueuedEvent {
    const name = `${String(Date.parse(event.at)).padStart(15, "0")}-${event.kind}-${event.contractId}`;
    const item: QueuedEvent = { name, event, enqueuedAt: now.toISOString() };
    writeFileAtomic(path.join(this.dir, `${name}.json`), JSON.stringify(item));
    return item;
  }

  /** Events oldest first. A file that does not parse came from elsewhere: it is removed, not retried for ever. */
  list(): QueuedEvent[] {
    const items: QueuedEvent[] = [];
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith(".json")).sort()) {
      try {
        items.push(JSON.parse(readFileSync(path.join(this.dir, file), "utf8")) as QueuedEvent);
      } catch {
        rmSync(path.join(this.dir, file), { force: true });
      }
    }
    return items;
  }

  size(): number {
    return readdirSync(this.dir).filter((f) => f.endsWith(".json")).length;
  }

  remove(item: QueuedEvent): void {
    rmSync(path.join(this.dir, `${item.name}.json`), { force: true });
  }
}
