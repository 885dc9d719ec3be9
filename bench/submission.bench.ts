// Applications submitted per second through HTTP into the real database (each: validation, an
// idempotent insert, its materials and its audit event in one transaction), beside pgbench's TPC-B
// on the same PostgreSQL server in the same run.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../server/src/app.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, load, options, session, table } from './lib.ts';

const opt = options({ requests: 3000, concurrency: 16, pgbenchSeconds: 20, pgbenchClients: 4 },
  'Cases submitted per second through HTTP, against pgbench TPC-B transactions per second on the same database server.');

const platform = await benchPlatform('submit');
try {
  await seedDemo(platform.ctx);
  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await session(base, '91460100MA5T00010J');
  const found = await (await fetch(`${base}/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}`)).json() as { items: Array<{ id: string; name: string }> };
  const itemId = found.items.find((i) => i.name === '建筑工程施工许可证核发')!.id;
  const form = await (await fetch(`${base}/api/items/${itemId}/form`)).json() as { fields: Array<{ key: string; required: boolean }>; materials: Array<{ key: string; requirement: string }> };
  const values = Object.fromEntries(form.fields.filter((f) => f.required).map((f) => [f.key, '基准测试']));
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20)])], { type: 'application/pdf' }), '申请表.pdf');
  const file = await (await fetch(`${base}/api/files`, { method: 'POST', headers, body: fd })).json() as { id: string };
  // Issue 10: an online application carries every required material (one scan stands for each here).
  const materials = form.materials.filter((m) => m.requirement === 'required').map((m) => ({ key: m.key, fileId: file.id }));
  const submit = () => fetch(`${base}/api/cases`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ itemId, form: values, materials, idempotencyKey: randomUUID() }),
  });
  await load(100, opt.concurrency, submit);
  const cases = await load(opt.requests, opt.concurrency, submit);
  await app.close();

  // pgbench on the same server, in a database of its own.
  const url = new URL(platform.server.url);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
  const args = ['-h', url.hostname, '-p', url.port, '-U', decodeURIComponent(url.username)];
  execFileSync('psql', [...args, '-d', url.pathname.slice(1), '-qc', 'CREATE DATABASE ow_pgbench'], { env });
  execFileSync('pgbench', [...args, '-i', '-q', '-s', '10', 'ow_pgbench'], { env, stdio: 'ignore' });
  const out = execFileSync('pgbench', [...args, '-c', String(opt.pgbenchClients), '-j', '2', '-T', String(opt.pgbenchSeconds), 'ow_pgbench'], { env, encoding: 'utf8' });
  const tps = Number(/tps = ([\d.]+)/.exec(out)![1]);

  console.log(`\nSubmission benchmark: ${opt.requests} applications, ${opt.concurrency} concurrent (load generator in the same process, 2 cores); pgbench TPC-B -s 10 -c ${opt.pgbenchClients} for ${opt.pgbenchSeconds} s\n`);
  table([
    { what: 'POST /api/cases (submission)', 'per second': cases.perSecond, 'p50 ms': cases.p50, 'p95 ms': cases.p95, errors: cases.errors },
    { what: 'pgbench TPC-B (reference)', 'per second': tps, 'p50 ms': 0, 'p95 ms': 0, errors: 0 },
  ]);
  const ratio = cases.perSecond / tps;
  console.log(`\nsubmissions per second are ${(ratio * 100).toFixed(1)} % of pgbench's TPC-B transactions per second\n`);
  console.log(JSON.stringify({ bench: 'submission', requests: opt.requests, concurrency: opt.concurrency, submissions: { rps: +cases.perSecond.toFixed(1), p95ms: +cases.p95.toFixed(2), errors: cases.errors }, pgbench: { tps: +tps.toFixed(1), clients: opt.pgbenchClients }, ratios: { submissionsToPgbenchTps: +ratio.toFixed(3) } }));
} finally {
  await platform.close();
}
