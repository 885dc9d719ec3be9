import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { buildApp } from '../server/src/app.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, session, load } from './lib.ts';
import { captureStatements, pgbenchScript, replayScript } from './submission-replay.ts';
const platform = await benchPlatform('rp');
try {
  await seedDemo(platform.ctx);
  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await session(base, '91460100MA5T00010J');
  const found = await (await fetch(`${base}/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}`)).json() as any;
  const itemId = found.items.find((i: any) => i.name === '建筑工程施工许可证核发' && i.center.name.startsWith('海南省'))!.id;
  const form = await (await fetch(`${base}/api/items/${itemId}/form`)).json() as any;
  const values = Object.fromEntries(form.fields.filter((f: any) => f.required).map((f: any) => [f.key, '基准测试']));
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20)])], { type: 'application/pdf' }), '申请表.pdf');
  const file = await (await fetch(`${base}/api/files`, { method: 'POST', headers, body: fd })).json() as any;
  const materials = form.materials.filter((m: any) => m.requirement === 'required').map((m: any) => ({ key: m.key, fileId: file.id }));
  const submitWith = (k: string) => fetch(`${base}/api/cases`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ itemId, form: values, materials, idempotencyKey: k }) });
  await load(200, 16, () => submitWith(randomUUID()));
  const key = randomUUID();
  const cap = await captureStatements(async () => (await submitWith(key)).json() as any);
  await app.close();
  const script = replayScript(cap.sent, [cap.result.case.id, key, cap.result.case.submissionNo]);
  fs.writeFileSync('/tmp/cap/script.sql', script);
  for (const c of [1, 4]) {
    const r = pgbenchScript(platform.server.url, script, c, 10, ['-r']);
    console.log(`clients ${c}`, r.out.split('\n').filter((l) => /tps|^\s+\d/.test(l)).map((l) => l.slice(0, 120)).join('\n'));
  }
  if (process.env.KEEP) { console.log(platform.server.ownerUrl, platform.server.url); await new Promise((r) => setTimeout(r, 1e9)); }
} finally { await platform.close(); }
