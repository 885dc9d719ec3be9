// Two versions of the code, each as an instance of its own on the same database, loaded in turn by wrk
// with the online submission, the order alternated each round: the instance's CPU per submission and
// its rate, round by round, and after ÷ before. A machine whose speed drifts (a shared VM) moves both
// versions of a round alike, so the per-round ratio holds where separate runs of `submission` do not.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/src/app.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, load, options, session, startInstances, table } from './lib.ts';
import { onlineApplication } from './online-application.ts';
import { wrkLoad } from './wrk.ts';

const opt = options({ before: '', rounds: 8, seconds: 6, concurrency: 16, warmup: 1000 },
  'Instances of two versions on one database, loaded in turn by wrk with online submissions (Prefer: return=minimal). '
  + '--before REV|DIR: the version compared with this checkout (a git revision, checked out in a temporary worktree, or a folder holding a checkout); '
  + 'both must have the same migrations. --rounds N rounds of --seconds S each, the order alternated. Needs wrk (Debian: apt-get install wrk).');
if (!opt.before) throw new Error('--before REV|DIR is needed (e.g. --before HEAD~1)');

const root = path.resolve(import.meta.dirname, '..');
const migrations = (checkout: string) => fs.readdirSync(path.join(checkout, 'server/src/db/migrations')).sort().join('\n');
let worktree: string | null = null;
const beforeDir = fs.existsSync(opt.before) ? path.resolve(opt.before) : (() => {
  worktree = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', worktree, opt.before], { cwd: root, stdio: 'ignore' });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(worktree, 'node_modules'));
  return worktree;
})();
const platform = await benchPlatform('compare');
try {
  if (migrations(beforeDir) !== migrations(root)) throw new Error(`${opt.before} has other migrations than this checkout: compare versions with the same ones`);
  await seedDemo(platform.ctx);
  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await session(base, '91460100MA5T00010J');
  const { wrkRequest: request } = await onlineApplication(base, headers);
  await app.close();
  const versions = [{ name: `before (${opt.before})`, checkout: beforeDir }, { name: 'after (this checkout)', checkout: root }];
  const instances = [];
  for (const v of versions) instances.push(await startInstances(1, platform, { checkout: v.checkout }));
  try {
    // Warmed until V8 has compiled the path, as `submission` warms its instances.
    for (const i of instances) {
      await load(opt.warmup, opt.concurrency, () => fetch(`${i.urls[0]}${request.path}`, { method: 'POST', headers: request.headers, body: request.body.replace('@KEY@', crypto.randomUUID()) }));
    }
    const cpu: number[][] = [[], []];
    const rate: number[][] = [[], []];
    for (let round = 0; round < opt.rounds; round++) {
      for (const k of round % 2 ? [1, 0] : [0, 1]) {
        const i = instances[k]!;
        const cpu0 = i.cpuMs();
        const r = await wrkLoad(i.urls, request, opt.seconds, opt.concurrency);
        if (r.errors > 0) throw new Error(`${versions[k]!.name}: ${r.errors} submissions refused or failed`);
        cpu[k]!.push((i.cpuMs() - cpu0) / r.requests);
        rate[k]!.push(r.perSecond);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratios = cpu[1]!.map((after, r) => after / cpu[0]![r]!);
    console.log(`Instances of two versions on one database, wrk ${opt.concurrency} connections, ${opt.rounds} rounds of ${opt.seconds} s, the order alternated\n`);
    table(cpu[0]!.map((_, r) => ({
      round: r + 1,
      'before: instance CPU ms / submission': cpu[0]![r]!.toFixed(3), 'before /s': rate[0]![r]!.toFixed(1),
      'after: instance CPU ms / submission': cpu[1]![r]!.toFixed(3), 'after /s': rate[1]![r]!.toFixed(1),
      'after ÷ before (CPU)': ratios[r]!.toFixed(3),
    })));
    console.log(`\nmeans: before ${mean(cpu[0]!).toFixed(3)} ms at ${mean(rate[0]!).toFixed(1)} /s; after ${mean(cpu[1]!).toFixed(3)} ms at ${mean(rate[1]!).toFixed(1)} /s; `
      + `after ÷ before, the mean of the rounds' ratios: ${mean(ratios).toFixed(3)} (${((mean(ratios) - 1) * 100).toFixed(1)} % of the instance's CPU per submission)\n`);
    console.log(JSON.stringify({ bench: 'compare', before: opt.before, rounds: opt.rounds, seconds: opt.seconds, beforeCpuMs: cpu[0], afterCpuMs: cpu[1], beforeRps: rate[0], afterRps: rate[1], meanRatio: Number(mean(ratios).toFixed(4)) }));
  } finally {
    for (const i of instances) await i.stop();
  }
} finally {
  await platform.close();
  if (worktree) execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root, stdio: 'ignore' });
}
