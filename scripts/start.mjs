#!/usr/bin/env node
// `npm start`: the one command a new user runs. Installs the dependencies when they are missing,
// builds the web app when its build is missing or older than its sources, then starts the
// platform (embedded PostgreSQL, migrations, demo data on first start, API and web on PORT).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(r.status ?? 1);
  }
}

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
  step('Installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
}
const built = 'web/dist/index.html';
// The build step (compression, chunks) counts as a source too.
const sources = Math.max(newest('web/src'), newest('web/build'), fs.statSync('web/vite.config.ts').mtimeMs);
if (!fs.existsSync(built) || sources > fs.statSync(built).mtimeMs) {
  step('Building the web app', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('close', (code) => process.exit(code ?? 0));
