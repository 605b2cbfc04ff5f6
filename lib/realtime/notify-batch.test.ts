// The segment-changed batching, at the SDK's edge (only the SDK client is replaced).
import { describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => ({ batches: [] as Array<Array<{ channel: string; name: string; data: unknown }>>, fail: false }));
vi.mock("./publish", () => ({
  pusherServer: () => ({
    triggerBatch: async (batch: Array<{ channel: string; name: string; data: unknown }>) => {
      calls.batches.push(batch);
      if (calls.fail) throw new Error("realtime down");
      return {};
    },
  }),
}));

const { notify, flushSegmentChanges } = await import("./notify");
const { setLogDestination } = await import("@/lib/observability/log");

type SegmentChange = { contractId: string; segmentId: string; slotStart?: string; change: "created" | "deleted" };
const announceSegmentChange = (data: SegmentChange) => void notify({ event: "segment-changed", data });

describe("notify: segment-changed", () => {
  it("sends events committed together in batches of at most 10, in order, on each contract's channel", async () => {
    calls.batches.length = 0;
    for (let i = 0; i < 23; i++) announceSegmentChange({ contractId: `c${i % 2}`, segmentId: `s${i}`, slotStart: "2024-06-12T14:00:00.000Z", change: "created" });
    await flushSegmentChanges();
    expect(calls.batches.map((b) => b.length)).toEqual([10, 10, 3]);
    const sent = calls.batches.flat();
    expect(sent.map((e) => (e.data as { segmentId: string }).segmentId)).toEqual(Array.from({ length: 23 }, (_, i) => `s${i}`));
    expect(sent[0]).toEqual({ channel: "private-contract-c0", name: "segment-changed", data: { contractId: "c0", segmentId: "s0", slotStart: "2024-06-12T14:00:00.000Z", change: "created" } });
    expect(sent[1]!.channel).toBe("private-contract-c1");
  });

  it("logs a realtime failure instead of throwing, and keeps going with later events", async () => {
    calls.batches.length = 0;
    calls.fail = true;
    const logged: string[] = [];
    setLogDestination({ write: (line: string) => void logged.push(line) }, true);
    announceSegmentChange({ contractId: "c", segmentId: "a", change: "created" });
    await flushSegmentChanges();
    setLogDestination(null);
    expect(logged.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ msg: "realtime: could not publish segment-changed events", events: 1, err: expect.objectContaining({ message: "realtime down" }) }),
    ]);
    calls.fail = false;
    announceSegmentChange({ contractId: "c", segmentId: "b", change: "deleted" });
    await flushSegmentChanges();
    expect(calls.batches.map((b) => b.map((e) => (e.data as { segmentId: string }).segmentId))).toEqual([["a"], ["b"]]);
  });
});
