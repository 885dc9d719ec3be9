/**
 * The loop every periodic sweep shares (cases, fees, payments, delivery, e-licences, the hall, work
 * orders, supervision). A sweep runs on every instance: what is due is in indexed columns and each step claims its
 * rows with FOR UPDATE SKIP LOCKED, so the timer only says "look now", never "this is due".
 *
 * `every` runs `run` at once and then every `everyMs`; a run still going when the next tick comes
 * skips that tick (one run at a time per instance), an error is logged with the sweep's name and the
 * next tick tries again, and the timer never keeps the process alive. It returns the stop function.
 *
 * Graceful shutdown (docs/operations.md): stop() clears the timer and tells a `sweep.drain` in
 * progress to end after the batch it is in; `sweepsIdle()` waits for the runs still going, so the
 * platform closes its database pool only once every claimed batch has committed (its row locks
 * released with it).
 *
 * The stop reaches the run as an argument, not through an AsyncLocalStorage: on Node.js before 24 one
 * AsyncLocalStorage in use turns on the promise hooks for the whole process, and every promise of
 * every request then pays for them (about a tenth of an instance's CPU per submission, bench/README.md).
 */
export function every(name: string, everyMs: number, log: (m: string) => void, run: (sweep: Sweep) => Promise<void>): () => void {
  let running: Promise<void> | null = null;
  let stopped = false;
  const sweep: Sweep = {
    get stopped() { return stopped; },
    drain: (step, stepLog, said) => drain(step, stepLog, said, () => stopped),
  };
  const tick = async () => {
    if (running || stopped) return;
    const started = Date.now();
    running = (async () => {
      try {
        await run(sweep);
        recordRun(name, started, true);
      } catch (err) {
        recordRun(name, started, false);
        log(`${name}: ${(err as Error).message}`);
      }
    })();
    inFlight.add(running);
    try {
      await running;
    } finally {
      inFlight.delete(running);
      running = null;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** What a run of `every` is given: whether its sweep was stopped, and a `drain` that ends after the batch in progress once it is. */
export interface Sweep {
  readonly stopped: boolean;
  drain(step: () => Promise<number>, log?: (m: string) => void, said?: (n: number) => string): Promise<number>;
}

/**
 * Runs one claimed batch after another until a batch finds nothing, so a backlog is worked off in
 * one tick; `said(n)` is logged for each batch that did something. Returns the total. Once `stopped()`
 * says so it ends after the current batch (the rest waits for another instance or the next start);
 * a sweep's runs use `sweep.drain`, which passes their stop.
 */
export async function drain(step: () => Promise<number>, log?: (m: string) => void, said?: (n: number) => string, stopped: () => boolean = () => false): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    if (n <= 0) return total;
    total += n;
    if (log && said) log(said(n));
    if (stopped()) return total;
  }
}

const inFlight = new Set<Promise<void>>();

/** Resolves when no sweep run of this process is going (after their stop functions: when they have finished). */
export async function sweepsIdle(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/** When each sweep of this process last started and last finished well (for /metrics). */
export interface SweepRun { lastStart: number; lastSuccess: number | null; failures: number; runs: number }
const runs = new Map<string, SweepRun>();

function recordRun(name: string, started: number, ok: boolean) {
  const r = runs.get(name) ?? { lastStart: started, lastSuccess: null, failures: 0, runs: 0 };
  r.lastStart = started;
  r.runs++;
  if (ok) r.lastSuccess = Date.now();
  else r.failures++;
  runs.set(name, r);
}

export function sweepRuns(): ReadonlyMap<string, SweepRun> {
  return runs;
}
