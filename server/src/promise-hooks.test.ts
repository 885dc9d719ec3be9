/**
 * An instance keeps promise hooks off (lib/periodic.ts, sso/provider-context.ts): on Node.js before
 * 24 an AsyncLocalStorage in use turns them on for the whole process, and every promise of every
 * request then pays for them (about a tenth of an instance's CPU per submission, bench/README.md).
 * Checked in a process of its own, started as `serve` starts one, since node:test's runner keeps an
 * AsyncLocalStorage in the test's process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createTestDatabase, instanceEnv } from './test/harness.ts';

test('an instance tracks no promises: not after its sweeps, a submission, nor single sign-on requests', { timeout: 300_000 }, async () => {
  const db = await createTestDatabase();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/test/promise-hooks-probe.ts'], { env: instanceEnv(db, 'promise-hooks'), maxBuffer: 16 * 1024 * 1024 });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    assert.deepEqual(seen, {
      atStart: false, afterSweeps: false,
      submission: 201, afterSubmission: false,
      discovery: [200, 200, 200], afterSingleSignOn: false,
    });
  } finally {
    await db.drop();
  }
});
