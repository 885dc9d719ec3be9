import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testApp, testDataDir, type TestApp } from './harness.ts';
import { TEST_ENV } from './env.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

/** The data folder another test file gets: node:test runs each file in a process of its own. */
function otherFilesDataDir(): string {
  const script = `import { testDataDir } from ${JSON.stringify(path.resolve('server/src/test/harness.ts'))}; console.log(testDataDir());`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
}

test('each test file works in a data folder of its own, holding the template\'s files', async () => {
  const mine = testDataDir();
  assert.equal(t.config.dataDir, mine, 'the app of this file stores its files in the file\'s folder');
  assert.equal(testDataDir(), mine, 'one folder for the whole file');
  assert.notEqual(mine, TEST_ENV.seedDataDir, 'not the template\'s folder itself');

  const theirs = otherFilesDataDir();
  assert.notEqual(theirs, mine, 'another test file gets another folder');
  assert.ok(fs.existsSync(theirs));

  // Both start with the seeded files the template database points to.
  const seeded = await t.ctx.db.selectFrom('files').select('storage_key').limit(1).executeTakeFirstOrThrow();
  assert.ok(fs.existsSync(path.join(t.config.filesDir, seeded.storage_key)), 'the seeded file is in this file\'s folder');
  assert.ok(fs.existsSync(path.join(theirs, 'files', seeded.storage_key)), 'and in the other file\'s');

  // What one file leaves in its folder (a temp file of an upload in flight) the other does not see.
  fs.mkdirSync(path.join(t.config.filesDir, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(t.config.filesDir, 'tmp', 'in-flight'), 'x');
  assert.equal(fs.existsSync(path.join(theirs, 'files', 'tmp', 'in-flight')), false);
});
