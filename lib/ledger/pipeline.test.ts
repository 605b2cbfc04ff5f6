import { describe, expect, it } from "vitest";
import { runPipeline } from "./pipeline";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
/** Lets every pending continuation run (a macrotask turn: it cannot run while microtasks loop). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Steps whose reads and writes finish when the test says so; `log` records what happened in order. */
function controlled(parts: number, parallel: number, chunksPerPart = 1) {
  const reads = Array.from({ length: parts }, () => deferred<string>());
  const writes = new Map<string, Deferred<void>>();
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const enter = () => ((inFlight += 1), (maxInFlight = Math.max(maxInFlight, inFlight)));
  const run = runPipeline<string, string>({
    parts,
    parallel,
    read: async (i) => {
      enter();
      log.push(`read ${i}`);
      try {
        return await reads[i]!.promise;
      } finally {
        inFlight--;
      }
    },
    plan: (part, i, last) => {
      log.push(`plan ${i}${last ? " (last)" : ""}`);
      return Array.from({ length: chunksPerPart }, (_, k) => `${part}.${k}`);
    },
    write: async (chunk) => {
      enter();
      log.push(`write ${chunk}`);
      const d = deferred<void>();
      writes.set(chunk, d);
      try {
        await d.promise;
      } finally {
        inFlight--;
      }
    },
  });
  const finishWrite = (chunk: string) => writes.get(chunk)!.resolve();
  return { run, reads, log, finishWrite, maxInFlight: () => maxInFlight };
}

describe("runPipeline", () => {
  it("plans parts in index order whatever order their reads land in, and writes every chunk", async () => {
    const p = controlled(3, 3);
    await settle();
    expect(p.log).toEqual(["read 0", "read 1", "read 2"]);
    p.reads[2]!.resolve("c");
    p.reads[1]!.resolve("b");
    await settle();
    expect(p.log).not.toContain("plan 1"); // part 0 is not in yet
    p.reads[0]!.resolve("a");
    await settle();
    expect(p.log.filter((l) => l.startsWith("plan"))).toEqual(["plan 0", "plan 1", "plan 2 (last)"]);
    for (const chunk of ["a.0", "b.0", "c.0"]) p.finishWrite(chunk);
    await p.run;
    expect(p.log.filter((l) => l.startsWith("write"))).toEqual(["write a.0", "write b.0", "write c.0"]);
  });

  it("never has more than `parallel` steps in flight, and takes a ready write before a new read", async () => {
    const p = controlled(4, 2, 2);
    await settle();
    expect(p.log).toEqual(["read 0", "read 1"]);
    p.reads[0]!.resolve("a");
    await settle();
    // a.0 and a.1 are ready: the free slot writes rather than reading part 2
    expect(p.log.slice(2)).toEqual(["plan 0", "write a.0"]);
    p.finishWrite("a.0");
    await settle();
    expect(p.log.at(-1)).toBe("write a.1");
    p.finishWrite("a.1");
    await settle();
    expect(p.log.at(-1)).toBe("read 2");
    p.reads[1]!.resolve("b");
    p.reads[2]!.resolve("c");
    await settle();
    for (const chunk of ["b.0", "b.1", "c.0"]) {
      p.finishWrite(chunk);
      await settle();
    }
    p.reads[3]!.resolve("d");
    await settle();
    for (const chunk of ["c.1", "d.0", "d.1"]) {
      p.finishWrite(chunk);
      await settle();
    }
    await p.run;
    expect(p.maxInFlight()).toBe(2);
  });

  it("with idle workers to spare, a write finishing while the last read is out does not spin: the read still lands", async () => {
    // Regression: parallel 3, two parts. Part 0 lands and its chunk is written; part 1 is still
    // being read. The earlier scheduler's idle workers then woke each other in microtasks for ever,
    // and part 1's read (a macrotask away) never landed. Here it would hang, not fail.
    const p = controlled(2, 3);
    await settle();
    p.reads[0]!.resolve("a");
    await settle();
    expect(p.log).toContain("write a.0");
    p.finishWrite("a.0");
    await settle();
    p.reads[1]!.resolve("b");
    await settle();
    expect(p.log).toContain("plan 1 (last)");
    p.finishWrite("b.0");
    await p.run;
  });

  it("stops taking new steps at the first failure and rejects with it once the steps in flight settle", async () => {
    const p = controlled(5, 2);
    await settle();
    const failed = new Error("read failed");
    p.reads[0]!.reject(failed);
    let outcome: unknown = "pending";
    p.run.then(() => (outcome = "resolved"), (error: unknown) => (outcome = error));
    await settle();
    expect(outcome).toBe("pending"); // read 1 is still in flight
    expect(p.log).toEqual(["read 0", "read 1"]);
    p.reads[1]!.resolve("b");
    await settle();
    expect(outcome).toBe(failed);
    expect(p.log).toEqual(["read 0", "read 1"]); // nothing planned or written after the failure
  });

  it("a plan that throws fails the run like a failed step", async () => {
    const boom = new Error("plan failed");
    await expect(
      runPipeline({ parts: 1, parallel: 2, read: async () => 1, plan: () => { throw boom; }, write: async () => undefined }),
    ).rejects.toBe(boom);
  });

  it("no parts: resolves at once without calling anything", async () => {
    const calls: string[] = [];
    await runPipeline({ parts: 0, parallel: 2, read: async () => calls.push("read"), plan: () => (calls.push("plan"), []), write: async () => void calls.push("write") });
    expect(calls).toEqual([]);
  });
});
