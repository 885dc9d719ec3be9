#!/usr/bin/env node
/**
 * Failover drill (issue 18; docs/operations.md, "The cluster"). Against a cluster started by
 * `ops/cluster/cluster.sh up`:
 *
 *   node --import tsx ops/cluster/failover-drill.ts [--count 1000] [--concurrency 40] [--no-rejoin]
 *
 * N applications are submitted concurrently through HAProxy (POST /api/cases, each with its own
 * idempotency key); when half are acknowledged the primary's Patroni and PostgreSQL are killed
 * with SIGKILL; Patroni promotes the synchronous standby; every client resends what was not
 * acknowledged, with the same key, until it is. Printed: acknowledged applications lost (goal 0),
 * duplicated (goal 0), seconds without service (goal ≤ 15), requests answered 500 (goal 0: a
 * database that is gone is 503 DATABASE_UNAVAILABLE), what the requests not acknowledged got, and
 * the audit chain's verification. Exit code 0 only when all five goals are met, so CI can run it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: {
  count: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '40' }, 'no-rejoin': { type: 'boolean', default: false },
} });
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);
const DATA = process.env.CLUSTER_DIR ?? '/var/tmp/onewindow-cluster';
const B = Number(process.env.CLUSTER_PORT_BASE ?? 25000);
const BASE = `http://127.0.0.1:${B + 80}`;
const NODES = [{ name: 'pg1', rest: B + 8 }, { name: 'pg2', rest: B + 9 }, { name: 'pg3', rest: B + 10 }];
const PERSON = '460100199003071237';
const PASSWORD = 'Demo@2026';
const ITEM = '建筑工程施工许可证核发';
const secrets = Object.fromEntries(fs.readFileSync(path.join(DATA, 'secrets.env'), 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
const ownerUrl = `postgres://onewindow:${secrets.OWNER_PASSWORD}@127.0.0.1:${B}/onewindow`;
const say = (m: string) => console.log(`[drill] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signIn() {
  const res = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: PERSON, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ow_session='))!.split(';')[0]!;
  return { cookie, csrf: (await res.json()).csrfToken as string };
}

/** The body every application carries: the item's required fields, and its required materials uploaded once. */
async function applicationBody(s: { cookie: string; csrf: string }) {
  const found = await (await fetch(`${BASE}/api/items?q=${encodeURIComponent(ITEM)}`)).json();
  const item = found.items.find((i: { name: string; center: { name: string } }) => i.name === ITEM && i.center.name.startsWith('海南省'));
  const form = await (await fetch(`${BASE}/api/items/${item.id}/form`)).json();
  const values: Record<string, string> = {};
  for (const f of form.fields) if (f.required) values[f.key] = f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : '演练';
  const materials = [];
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) {
    const fd = new FormData();
    fd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n% drill\n'), Buffer.alloc(512, 0x20)])], { type: 'application/pdf' }), `${m.name}.pdf`);
    const up = await fetch(`${BASE}/api/files`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: fd });
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${await up.text()}`);
    materials.push({ key: m.key, fileId: (await up.json()).id });
  }
  return { itemId: item.id as string, form: values, materials };
}

async function leader(): Promise<string | null> {
  for (const n of NODES) {
    const r = await fetch(`http://127.0.0.1:${n.rest}/primary`, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) }).catch(() => null);
    if (r?.status === 200) return n.name;
  }
  return null;
}

/** SIGKILL to the leader's Patroni and its PostgreSQL (a machine lost, not a clean stop). */
function killPrimary(name: string) {
  const patroni = Number(fs.readFileSync(path.join(DATA, `patroni-${name}.pid`), 'utf8'));
  const postmaster = Number(fs.readFileSync(path.join(DATA, name, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(patroni, 'SIGKILL');
  process.kill(postmaster, 'SIGKILL');
  say(`killed ${name}: Patroni pid ${patroni}, PostgreSQL pid ${postmaster} (SIGKILL)`);
}

async function main() {
  const firstLeader = await leader();
  if (!firstLeader) throw new Error('no primary: start the cluster with ops/cluster/cluster.sh up');
  const s = await signIn();
  const body = await applicationBody(s);
  const run = randomUUID().slice(0, 8);
  const keys = Array.from({ length: COUNT }, (_, i) => `drill-${run}-${i}`);
  say(`${COUNT} applications, ${CONCURRENCY} at a time, through ${BASE}; primary ${firstLeader}`);

  const acked = new Map<string, string>(); // key → case id
  let attempts = 0;
  let failures = 0;
  // What the requests not acknowledged got: an HTTP status with its code, or no answer at all (a connection cut by HAProxy).
  const unacknowledged = new Map<string, number>();
  const tally = (what: string) => unacknowledged.set(what, (unacknowledged.get(what) ?? 0) + 1);
  let killedAt: number | null = null;
  let firstSuccessAfterKill: number | null = null;
  let lastSuccessBeforeKill = 0;
  let next = 0;
  const started = Date.now();

  const submit = async (key: string) => {
    for (;;) {
      attempts++;
      const sentAt = Date.now();
      try {
        const res = await fetch(`${BASE}/api/cases`, {
          method: 'POST', signal: AbortSignal.timeout(20_000),
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, idempotencyKey: key }),
        });
        const text = await res.text();
        if (res.status === 200 || res.status === 201) {
          acked.set(key, JSON.parse(text).case.id);
          const now = Date.now();
          if (killedAt === null) lastSuccessBeforeKill = now;
          else if (sentAt >= killedAt && firstSuccessAfterKill === null) firstSuccessAfterKill = now;
          return;
        }
        if (res.status < 500 && res.status !== 429) throw new Error(`refused ${res.status}: ${text.slice(0, 200)}`);
        tally(`${res.status} ${/"code":"([A-Z_0-9]+)"/.exec(text)?.[1] ?? '(not the platform: HAProxy)'}`);
      } catch (err) {
        if ((err as Error).message.startsWith('refused')) throw err;
        tally(`no answer (${(err as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed'})`);
      }
      // Not acknowledged: send it again, with the same key.
      failures++;
      await sleep(250);
    }
  };
  const kill = (async () => {
    while (acked.size < COUNT / 2) await sleep(20);
    killedAt = Date.now();
    killPrimary(firstLeader);
  })();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < keys.length) await submit(keys[next++]!);
  }));
  await kill;
  const elapsed = (Date.now() - started) / 1000;
  const newLeader = await leader();

  // Counted on the new primary, as the owner.
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  const rows = (await c.query<{ idempotency_key: string; id: string }>(
    `SELECT idempotency_key, id FROM cases WHERE idempotency_key LIKE $1`, [`drill-${run}-%`])).rows;
  await c.end();
  const byKey = new Map<string, string[]>();
  for (const r of rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.id]);
  const lost = [...acked].filter(([k, id]) => !(byKey.get(k) ?? []).includes(id)).length;
  const duplicated = [...byKey.values()].reduce((n, ids) => n + ids.length - 1, 0);
  const outage = killedAt !== null && firstSuccessAfterKill !== null ? (firstSuccessAfterKill - killedAt) / 1000 : NaN;

  const audit = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'verify-audit'], {
    encoding: 'utf8', env: { ...process.env, DATABASE_URL: ownerUrl, DATABASE_OWNER_URL: ownerUrl, AUDIT_KEY_FILE: path.join(DATA, 'audit-key.pem'), DATA_DIR: path.join(DATA, 'app-data') },
  });
  const auditOk = audit.status === 0;
  const internal = [...unacknowledged].filter(([what]) => what.startsWith('500 ')).reduce((n, [, k]) => n + k, 0);
  // The verdict is verify-audit's last line on stdout; stderr holds warnings (oidc-provider's on this Node), shown only on a failure.
  const auditVerdict = (auditOk ? audit.stdout : `${audit.stdout}\n${audit.stderr}`).trim().split('\n').at(-1);

  console.log(`
  failover drill: ${COUNT} applications in ${elapsed.toFixed(1)} s, ${attempts} requests (${failures} not acknowledged and sent again)
  primary before: ${firstLeader}, after: ${newLeader ?? 'none'}
  acknowledged:           ${acked.size}
  in the database:        ${rows.length}
  acknowledged but lost:  ${lost}   (goal 0)
  duplicated:             ${duplicated}   (goal 0)
  seconds without service: ${Number.isNaN(outage) ? 'n/a' : outage.toFixed(1)}   (goal ≤ 15; last write acknowledged ${killedAt ? ((killedAt - lastSuccessBeforeKill) / 1000).toFixed(1) : '?'} s before the kill)
  answered 500:           ${internal}   (goal 0: a database that is gone is 503 DATABASE_UNAVAILABLE, sent again)
  not acknowledged, by answer: ${[...unacknowledged].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${what} ×${n}`).join(', ') || 'none'}
  audit chain:            ${auditOk ? 'verified' : 'BROKEN'}: ${auditVerdict}
`);
  if (!values['no-rejoin']) {
    // The killed node comes back as a replica (Patroni rewinds it); the cluster is whole again for the next run.
    const file = path.join(DATA, `patroni-${firstLeader}.yml`);
    // Its log is root's (cluster.sh opened it): opened here and handed over, as cluster.sh does.
    const log = fs.openSync(path.join(DATA, `patroni-${firstLeader}.log`), 'a');
    const child = spawn('setsid', ['runuser', '-u', 'postgres', '--', 'sh', '-c', `echo $$ > '${DATA}/patroni-${firstLeader}.pid'; exec patroni '${file}'`], { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    say(`${firstLeader} restarted to rejoin as a replica (ops/cluster/cluster.sh status)`);
  }
  process.exit(lost === 0 && duplicated === 0 && internal === 0 && auditOk && outage <= 15 ? 0 : 1);
}

main().catch((err) => {
  console.error(`[drill] ${(err as Error).message}`);
  process.exit(2);
});
