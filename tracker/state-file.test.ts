// The state file `status` reads, when the memo changes while tracking: it says the memo of the running
// slot and the one in use from the next slot; `status` prints both (a live stand-in process plays the tracker).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scaledClock } from "./clock";
import { loadState, saveState } from "./config";
import { StateFile } from "./run";
import { runCli } from "./testing/run-cli";
import type { CaptureBackend } from "./backends/types";
import type { SessionSnapshot } from "./session";

const SLOT = Date.parse("2024-06-12T14:00:00Z");
const snapshot = (slotStart: number, slotMemo: string, memo: string): SessionSnapshot => ({
  slotStart,
  screenshotDue: slotStart + 60_000,
  screenshotTaken: false,
  clockAt: slotStart + 1_000,
  slotMemo,
  memo,
  keyboard: new Array<number>(10).fill(0),
  mouse: new Array<number>(10).fill(0),
  discarded: false,
});

// A process whose command line is a tracker's, so `status` takes the state file's pid as a live tracker.
const standIn = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", "hourglass-tracker"], { stdio: "ignore" });
afterAll(() => void standIn.kill());

const status = async (home: string) => (await runCli(home, "status")).stdout;

describe("StateFile and a memo changed while tracking", () => {
  it("says the running slot's memo and the next slot's until that slot starts; status prints both", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "tracker-state-memo-"));
    const dir = path.join(home, "hourglass");
    const file = new StateFile(dir);
    file.begin({ contractId: "c1", contractTitle: "Logo refresh", memo: "Sketches" }, { name: "simulate" } as CaptureBackend, scaledClock(SLOT, 1));
    file.onStarted();
    file.onSnapshot(snapshot(SLOT, "Sketches", "Sketches"));
    expect(loadState(dir)).toMatchObject({ running: true, memo: "Sketches" });
    expect(loadState(dir)?.nextMemo).toBeUndefined();

    // Save memo in the window: the running slot keeps "Sketches"; written at once, within the same half second.
    file.memoChanged("Final artwork");
    expect(loadState(dir)).toMatchObject({ memo: "Sketches", nextMemo: "Final artwork" });
    file.onSnapshot(snapshot(SLOT, "Sketches", "Final artwork"));
    expect(loadState(dir)).toMatchObject({ memo: "Sketches", nextMemo: "Final artwork" });

    saveState({ ...loadState(dir)!, pid: standIn.pid as number }, dir);
    expect(await status(home)).toContain('memo: Sketches; from the next slot: Final artwork (simulate).');

    // The next slot opens with the new memo: it is the memo in use, nothing is pending (written at once too).
    file.onSnapshot(snapshot(SLOT + 600_000, "Final artwork", "Final artwork"));
    expect(loadState(dir)).toMatchObject({ memo: "Final artwork" });
    expect(loadState(dir)?.nextMemo).toBeUndefined();

    // Changing it back before the next slot leaves nothing pending.
    file.memoChanged("Final artwork");
    expect(loadState(dir)?.nextMemo).toBeUndefined();
  });
});
