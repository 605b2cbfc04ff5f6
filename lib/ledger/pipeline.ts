// No "server-only" marker: the weekly close (its only user) also runs in plain Node.
// The weekly close's scheduler: reads parts, plans them in order into chunks, and
// writes the chunks, with at most `parallel` reads and writes in flight, so that
// reading, planning and writing overlap.

export interface PipelineSteps<Part, Chunk> {
  /** how many parts there are to read */
  parts: number;
  /** at most this many reads and writes in flight at once (at least 1) */
  parallel: number;
  read(index: number): Promise<Part>;
  /**
   * Called synchronously with each part in index order, whatever order the reads finish in;
   * returns the chunks now ready to write (`last` on the final part: flush everything).
   */
  plan(part: Part, index: number, last: boolean): Chunk[];
  write(chunk: Chunk, index: number): Promise<void>;
}

/**
 * Runs the steps to the end, refilling free slots whenever a step settles (a ready chunk to write before
 * a part to read); no idle worker waits on another, which could loop in microtasks. The first error stops
 * new steps and is thrown once those in flight have settled.
 */
export function runPipeline<Part, Chunk>(steps: PipelineSteps<Part, Chunk>): Promise<void> {
  const parallel = Math.max(1, steps.parallel);
  const results: Array<{ part: Part } | undefined> = new Array(steps.parts);
  const ready: Chunk[] = [];
  let nextRead = 0;
  let planned = 0;
  let nextWrite = 0;
  let inFlight = 0;
  let failure: { error: unknown } | null = null;

  /** Plans every landed part that is next in order. */
  const planLanded = () => {
    while (planned < steps.parts && results[planned]) {
      const { part } = results[planned]!;
      results[planned] = undefined;
      ready.push(...steps.plan(part, planned, planned === steps.parts - 1));
      planned++;
    }
  };

  return new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (failure === null && inFlight < parallel) {
        if (ready.length > 0) {
          const chunk = ready.shift()!;
          const index = nextWrite++;
          start(() => steps.write(chunk, index));
        } else if (nextRead < steps.parts) {
          const index = nextRead++;
          start(async () => {
            results[index] = { part: await steps.read(index) };
            planLanded();
          });
        } else {
          break;
        }
      }
      if (inFlight > 0) return;
      if (failure !== null) reject(failure.error);
      else if (planned === steps.parts && ready.length === 0) resolve();
    };
    const start = (step: () => Promise<void>) => {
      inFlight++;
      // through then(): a step that throws before returning its promise fails like one that rejects
      Promise.resolve()
        .then(step)
        .then(
          () => {
            inFlight--;
            pump();
          },
          (error: unknown) => {
            inFlight--;
            failure ??= { error };
            pump();
          },
        );
    };
    pump();
  });
}
