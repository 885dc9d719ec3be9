/**
 * The shared sweep loop: a run at once, one run at a time per instance (a slow run makes the next
 * tick skip), an error logged and the next tick tried again, stopped by its stop function; and drain
 * works off batches until one finds nothing. The timers are node:test's mocked ones, so nothing sleeps.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { drain, every, sweepRuns, sweepsIdle } from './periodic.ts';

const settled = () => new Promise<void>((r) => setImmediate(r));

test('every: runs at once, never twice at the same time, logs an error and tries again, stops', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const logs: string[] = [];
    let runs = 0;
    let release: (() => void) | null = null;
    let fail = false;
    const stop = every('test sweep', 1000, (m) => logs.push(m), async () => {
      runs++;
      if (fail) throw new Error('database away');
      if (runs === 1) await new Promise<void>((r) => { release = r; });
    });
    assert.equal(runs, 1, 'the first run starts at once');
    mock.timers.tick(1000);
    mock.timers.tick(1000);
    await settled();
    assert.equal(runs, 1, 'ticks while the first run is still going are skipped');
    release!();
    await settled();
    mock.timers.tick(1000);
    await settled();
    assert.equal(runs, 2, 'the next tick after it finished runs');
    fail = true;
    mock.timers.tick(1000);
    await settled();
    assert.deepEqual(logs, ['test sweep: database away']);
    fail = false;
    mock.timers.tick(1000);
    await settled();
    assert.equal(runs, 4, 'an error does not stop the sweep');
    stop();
    mock.timers.tick(5000);
    await settled();
    assert.equal(runs, 4, 'nothing runs after stop');
  } finally {
    mock.timers.reset();
  }
});

test('drain: batch after batch until one finds nothing, each logged, the total returned', async () => {
  const batches = [100, 100, 37, 0, 5];
  const logs: string[] = [];
  const total = await drain(async () => batches.shift()!, (m) => logs.push(m), (n) => `${n} done`);
  assert.equal(total, 237);
  assert.deepEqual(logs, ['100 done', '100 done', '37 done']);
  assert.deepEqual(batches, [5], 'stops at the first empty batch');
  assert.equal(await drain(async () => 0), 0);
});

test('graceful stop: a drain in progress ends after its batch, sweepsIdle waits for the run, and the run is recorded', async () => {
  const batches: Array<() => void> = [];
  let done = 0;
  const step = () => new Promise<number>((resolve) => { batches.push(() => { done++; resolve(10); }); });
  let finished = false;
  const stop = every('stopping sweep', 60_000, () => {}, async (sweep) => {
    await sweep.drain(step);
    finished = true;
  });
  assert.equal(batches.length, 1, 'the first batch is claimed at once');
  batches[0]!();
  await settled();
  assert.equal(batches.length, 2, 'a full batch: drain takes the next one');
  stop();
  let idle = false;
  const waiting = sweepsIdle().then(() => { idle = true; });
  await settled();
  assert.equal(idle, false, 'sweepsIdle waits while a batch is still going');
  batches[1]!();
  await waiting;
  assert.equal(finished, true);
  assert.equal(done, 2);
  assert.equal(batches.length, 2, 'after stop, drain took no further batch although the last one was full');
  const run = sweepRuns().get('stopping sweep');
  assert.equal(run?.runs, 1);
  assert.ok(run?.lastSuccess, 'a run that finished well is recorded for /metrics');
  await sweepsIdle();
});

test('drain: a stop passed in ends it after the batch in progress', async () => {
  let stopped = false;
  let calls = 0;
  const total = await drain(async () => {
    calls++;
    if (calls === 2) stopped = true;
    return 10;
  }, undefined, undefined, () => stopped);
  assert.equal(calls, 2);
  assert.equal(total, 20);
});
