// Applications submitted per second through HTTP into the real database (each: validation, an
// idempotent insert, its materials and its audit event in one transaction), beside pgbench's TPC-B
// on the same PostgreSQL server in the same run; then the cost of each rule the submission checks,
// each rule's check called alone beside the bare write it guards (rules.ts below this header).
// Submissions are sent as the web app sends them (`Prefer: return=minimal`: the summary answered),
// and once more answered with the whole detail, as every figure before 2026-12-05 was; with
// --instances, also to OneWindow instances in processes of their own, the load generator apart.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { afterCommitSent } from '../server/src/db/database.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { endedChildrenCpuMs, machineBusyMs } from './cpu.ts';
import { benchPlatform, clientConnection, cpuLoad, load, measure, options, session, startInstances, table } from './lib.ts';
import { wrkLoad, type WrkResult } from './wrk.ts';
import { onlineApplication } from './online-application.ts';
import { submissionRules } from './submission-rules.ts';
import { captureStatements, pgbench, pgbenchScript, replayScript } from './submission-replay.ts';

const opt = options({ requests: 3000, concurrency: 16, pgbenchSeconds: 20, pgbenchClients: 4, ruleCalls: 2000, profile: '', instances: 2, wrkSeconds: 10 },
  'Cases submitted per second through HTTP (online and at the counter), against pgbench TPC-B transactions per second on the same database server; '
  + 'then each rule of the submission measured alone (--ruleCalls calls each) beside the bare write. '
  + '--profile FILE writes a V8 CPU profile (.cpuprofile) of the measured online load alone. '
  + '--instances N: the online load is then also sent to 1..N instances in processes of their own (as ops/cluster runs them), spread round-robin as a load balancer would, the load generator apart; '
  + 'and, for --wrkSeconds S each (0: not), from wrk, a C load generator as pgbench is a C client (Debian: apt-get install wrk), with the CPU of the instances, of PostgreSQL and of wrk per submission.');

const platform = await benchPlatform('submit');
try {
  await seedDemo(platform.ctx);
  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = await session(base, '91460100MA5T00010J');
  const { itemId, values, file, materials, wrkRequest } = await onlineApplication(base, headers);
  // As the web app sends it: the case page opens next, so the answer asked for is the summary (RFC 7240 minimal return).
  const minimal = { prefer: 'return=minimal' };
  const submitWith = (idempotencyKey: string, to = base, prefer: Record<string, string> = minimal) => fetch(`${to}/api/cases`, {
    method: 'POST', headers: { ...headers, ...prefer, 'content-type': 'application/json' },
    body: JSON.stringify({ itemId, form: values, materials, idempotencyKey }),
  });
  const submit = () => submitWith(randomUUID());
  const first = await submit();
  if (first.status !== 201) throw new Error(`the online submission is refused: ${first.status} ${await first.text()}`);
  // Warmed until V8 has compiled the path (with 100 the first measured row was ~10 % below a later one of the same work).
  await load(1000, opt.concurrency, submit);
  const inspector = opt.profile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const cases = await cpuLoad(opt.requests, opt.concurrency, submit);
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    fs.writeFileSync(opt.profile, JSON.stringify(profile));
    inspector.disconnect();
  }

  // The same answered with the case's whole detail (no preference): what every figure before 2026-12-05 measured.
  const submitForDetail = () => submitWith(randomUUID(), base, {});
  await load(300, opt.concurrency, submitForDetail);
  const detailed = await cpuLoad(opt.requests, opt.concurrency, submitForDetail);

  // One more submission, its statements captured for pgbench to replay below (the database's ceiling).
  const replayKey = randomUUID();
  const captured = await captureStatements(async () => {
    const res = await submitWith(replayKey);
    // The live board's notification, sent after the commit outside the transaction (db/after-commit.ts), is replayed as its own
    // transaction beside each submission's: as the instance sends it when nothing else is waiting to go with it.
    await afterCommitSent(platform.ctx.db);
    return { status: res.status, body: await res.json() as { case: { id: string; submissionNo: string } } };
  });
  if (captured.result.status !== 201) throw new Error(`the captured submission is refused: ${captured.result.status}`);
  const replayed = captured.result.body.case;

  // The floor of any request: GET /api/health is one HTTP request through the same app and one round trip (SELECT 1).
  await load(200, opt.concurrency, () => `${base}/api/health`);
  const floor = await cpuLoad(opt.requests, opt.concurrency, () => `${base}/api/health`);

  // The same at the counter: a clerk registers the demo company's walk-in (the identity check runs here).
  const clerk = await session(base, 'window1');
  const clerkFd = new FormData();
  clerkFd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20)])], { type: 'application/pdf' }), '申请表.pdf');
  const clerkUpload = await fetch(`${base}/api/files`, { method: 'POST', headers: clerk, body: clerkFd });
  if (clerkUpload.status !== 201) throw new Error(`the clerk's upload is refused: ${clerkUpload.status} ${await clerkUpload.text()}`);
  const clerkFile = await clerkUpload.json() as { id: string };
  const company = { kind: 'enterprise', name: '海南椰风示例餐饮有限公司', creditCode: '91460100MA5T00010J', legalRepresentative: '李四', phone: '13900005678' };
  const register = () => fetch(`${base}/api/counter/cases`, {
    method: 'POST', headers: { ...clerk, ...minimal, 'content-type': 'application/json' },
    body: JSON.stringify({ itemId, applicant: company, form: values, materials: [{ key: 'application', fileId: clerkFile.id }], idempotencyKey: randomUUID() }),
  });
  // A refused registration would measure refusals: one probe first, stopping with the server's answer.
  const probe = await register();
  if (probe.status !== 201) throw new Error(`the counter registration is refused: ${probe.status} ${await probe.text()}`);
  await load(300, opt.concurrency, register);
  const counter = await cpuLoad(Math.round(opt.requests / 3), opt.concurrency, register);
  await app.close();

  // The deployment's shape: instances in processes of their own behind a load balancer (ops/cluster),
  // the load generator apart as pgbench's client is. Rows for 1..N instances on the same database.
  const spread: Array<{ instances: number; r: Awaited<ReturnType<typeof load>>; serverCpuMs: number; loadCpuMs: number }> = [];
  // The same from wrk: per submission, the CPU of the instances, of the whole PostgreSQL server and of wrk.
  const fromWrk: Array<{ instances: number; r: WrkResult; serverCpuMs: number; postgresCpuMs: number; machineMs: number }> = [];
  // This process's own CPU (ms so far): idle while wrk or pgbench load, but on the machine's figure.
  const ownCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  // Exactly k instances for the k-instance row, started afresh: an idle one beside the measured ones
  // would count its own work (jobs, a fresh start's compiling) and take CPU from them.
  for (let k = 1; k <= opt.instances; k++) {
    const instances = await startInstances(k, platform);
    try {
      const submitSpread = (i: number) => submitWith(randomUUID(), instances.urls[i % k]);
      await load(1000 * k, opt.concurrency, submitSpread);
      const server0 = instances.cpuMs();
      const measured = await cpuLoad(opt.requests, opt.concurrency, submitSpread);
      spread.push({ instances: k, r: measured, serverCpuMs: (instances.cpuMs() - server0) / opt.requests, loadCpuMs: measured.cpuMs });
      if (opt.wrkSeconds > 0) {
        const [s0, o0, m0] = [instances.cpuMs(), ownCpuMs(), machineBusyMs()];
        const r = await wrkLoad(instances.urls, wrkRequest, opt.wrkSeconds, opt.concurrency);
        const [machine, server, own] = [machineBusyMs() - m0, instances.cpuMs() - s0, ownCpuMs() - o0];
        const perRequest = (ms: number) => ms / r.requests;
        fromWrk.push({ instances: k, r, serverCpuMs: perRequest(server), machineMs: perRequest(machine), postgresCpuMs: perRequest(machine - server - own) - r.cpuMs });
      }
    } finally {
      await instances.stop();
    }
  }

  // Each rule alone, and the bare write, at the same concurrency in the same run.
  const rules = await submissionRules(platform.ctx, { itemId, applicantLogin: '91460100MA5T00010J', form: values, fileId: file.id, company });
  const ruleRows: Array<{ name: string; r: Awaited<ReturnType<typeof measure>>; note: string }> = [];
  for (const rule of rules) {
    await measure(Math.min(200, opt.ruleCalls), opt.concurrency, rule.call);
    ruleRows.push({ name: rule.name, r: await measure(opt.ruleCalls, opt.concurrency, rule.call), note: rule.note });
  }

  // pgbench on the same server, in a database of its own (as the owner: the runtime role may not create databases).
  const owner = clientConnection(platform.server.ownerUrl);
  execFileSync('psql', [...owner.args, '-d', owner.database, '-qc', 'CREATE DATABASE ow_pgbench'], { env: owner.env });
  execFileSync('pgbench', [...owner.args, '-i', '-q', '-s', '10', 'ow_pgbench'], { env: owner.env, stdio: 'ignore' });
  // WAL written, the server's record of every change: what a replica replays and a backup keeps.
  const walAt = async () => (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(platform.owner)).rows[0]!.lsn;
  const walBytes = async (from: string) => Number((await sql<{ n: string }>`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::bigint AS n`.execute(platform.owner)).rows[0]!.n);
  /** A pgbench run, with per transaction the machine's CPU, pgbench's (a reaped child), PostgreSQL's (the rest) and the WAL written. */
  const measuredPgbench = async <R extends { transactions: number }>(run: () => R) => {
    const [own0, client0, wal0, machine0] = [ownCpuMs(), endedChildrenCpuMs(), await walAt(), machineBusyMs()];
    const r = run();
    const each = (ms: number) => ms / r.transactions;
    const [machineMs, clientMs] = [each(machineBusyMs() - machine0), each(endedChildrenCpuMs() - client0)];
    return { ...r, machineMs, clientMs, postgresMs: machineMs - clientMs - each(ownCpuMs() - own0), walBytes: each(await walBytes(wal0)) };
  };
  const tpcb = await measuredPgbench(() => pgbench(platform.server.ownerUrl, ['-c', String(opt.pgbenchClients), '-j', '2', '-T', String(opt.pgbenchSeconds)], 'ow_pgbench'));
  const { tps } = tpcb;
  // The submission's statements without Node: as sent (simple protocol: each parsed and planned), and each prepared once per client.
  const script = replayScript(captured.sent, [replayed.id, replayKey, replayed.submissionNo]);
  const prefix = replayed.id.slice(0, -12);
  const replayedCases = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE id::text LIKE ${`${prefix}%`} AND id <> ${replayed.id}::uuid`.execute(platform.owner)).rows[0]!.n;
  const replayIn = async (mode: 'simple' | 'prepared') => {
    const before = await replayedCases();
    const r = await measuredPgbench(() => pgbenchScript(platform.server.url, script, opt.pgbenchClients, opt.pgbenchSeconds, ['-M', mode]));
    // Every replayed transaction wrote its own case (the fresh values reached the statements), or the figure is not a submission's.
    const written = (await replayedCases()) - before;
    if (r.failed > 0 || written < r.transactions * 0.999) throw new Error(`the ${mode} replay wrote ${written} cases in ${r.transactions} transactions (${r.failed} failed)`);
    return r;
  };
  const replay = await replayIn('simple');
  const replayPrepared = await replayIn('prepared');

  console.log(`\nSubmission benchmark: ${opt.requests} applications, ${opt.concurrency} concurrent (Prefer: return=minimal as the web app sends it, unless said; load generator in the same process, 2 cores; then apart, to 1..${opt.instances} instances); pgbench TPC-B -s 10 -c ${opt.pgbenchClients} for ${opt.pgbenchSeconds} s\n`);
  table([
    { what: 'POST /api/cases (submission, answered with its summary)', 'per second': cases.perSecond, 'p50 ms': cases.p50, 'p95 ms': cases.p95, 'node cpu ms each': cases.cpuMs, errors: cases.errors },
    { what: '  the same, answered with its whole detail', 'per second': detailed.perSecond, 'p50 ms': detailed.p50, 'p95 ms': detailed.p95, 'node cpu ms each': detailed.cpuMs, errors: detailed.errors },
    { what: 'POST /api/counter/cases (registration)', 'per second': counter.perSecond, 'p50 ms': counter.p50, 'p95 ms': counter.p95, 'node cpu ms each': counter.cpuMs, errors: counter.errors },
    ...spread.map(({ instances, r, serverCpuMs, loadCpuMs }) => ({
      what: `POST /api/cases, ${instances} instance${instances > 1 ? 's' : ''} apart (round-robin)`, 'per second': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'node cpu ms each': serverCpuMs + loadCpuMs, errors: r.errors,
    })),
    ...fromWrk.map(({ instances, r, serverCpuMs }) => ({
      what: `POST /api/cases, ${instances} instance${instances > 1 ? 's' : ''} apart, load from wrk (C)`, 'per second': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'node cpu ms each': serverCpuMs, errors: r.errors,
    })),
    { what: 'GET /api/health (floor: one request, one round trip)', 'per second': floor.perSecond, 'p50 ms': floor.p50, 'p95 ms': floor.p95, 'node cpu ms each': floor.cpuMs, errors: floor.errors },
    { what: 'pgbench TPC-B (reference)', 'per second': tps, 'p50 ms': 0, 'p95 ms': 0, 'node cpu ms each': 0, errors: 0 },
    { what: `a submission's ${captured.sent.length} statements replayed by pgbench (no Node)`, 'per second': replay.tps, 'p50 ms': 0, 'p95 ms': 0, 'node cpu ms each': 0, errors: replay.failed },
    { what: '  the same, each statement prepared once per client', 'per second': replayPrepared.tps, 'p50 ms': 0, 'p95 ms': 0, 'node cpu ms each': 0, errors: replayPrepared.failed },
  ]);
  console.log(`\nThe replayed statements (one online submission, as the pg client sent them): ${captured.sent.map((s) => s.text.replace(/\s+/g, ' ').trim().slice(0, 40)).join(' | ')}`);
  for (const { instances, r, serverCpuMs, loadCpuMs } of spread) {
    console.log(`${instances} instance${instances > 1 ? 's' : ''} apart: ${(r.perSecond).toFixed(1)} submissions/s, ${((100 * r.perSecond) / tps).toFixed(1)} % of TPC-B;`
      + ` CPU per submission: the instances ${serverCpuMs.toFixed(2)} ms, the load generator ${loadCpuMs.toFixed(2)} ms`);
  }
  for (const { instances, r, serverCpuMs, postgresCpuMs: pgMs, machineMs } of fromWrk) {
    console.log(`${instances} instance${instances > 1 ? 's' : ''} apart, load from wrk: ${r.perSecond.toFixed(1)} submissions/s, ${((100 * r.perSecond) / tps).toFixed(1)} % of TPC-B;`
      + ` the machine's CPU per submission ${machineMs.toFixed(2)} ms, of it the instances ${serverCpuMs.toFixed(2)} ms, wrk ${r.cpuMs.toFixed(2)} ms, PostgreSQL (the rest) ${pgMs.toFixed(2)} ms`);
  }
  if (fromWrk.length) {
    const cores = os.availableParallelism();
    // At the rate of half TPC-B's, every core busy: the CPU a submission may cost, all of it.
    const budget = (cores * 1000) / (0.5 * tps);
    console.log(`TPC-B: the machine's CPU per transaction ${tpcb.machineMs.toFixed(2)} ms (pgbench ${tpcb.clientMs.toFixed(2)} ms, PostgreSQL (the rest) ${tpcb.postgresMs.toFixed(2)} ms),`
      + ` ${((tps * tpcb.machineMs) / 1000).toFixed(2)} of ${cores} cores busy; a submission replayed prepared, without Node: the machine ${replayPrepared.machineMs.toFixed(2)} ms (PostgreSQL, less pgbench, ${replayPrepared.postgresMs.toFixed(2)} ms).`);
    console.log(`The goal's arithmetic: half of TPC-B's rate with all ${cores} cores busy leaves ${budget.toFixed(2)} ms of CPU per submission for everything`
      + ` (instance, database, load generator); the database alone spends ${replayPrepared.postgresMs.toFixed(2)} ms on one.`
      + ` WAL per TPC-B transaction ${Math.round(tpcb.walBytes)} bytes, per replayed submission ${Math.round(replayPrepared.walBytes)} bytes.`);
  }
  const ratio = cases.perSecond / tps;
  console.log(`\nsubmissions per second are ${(ratio * 100).toFixed(1)} % of pgbench's TPC-B transactions per second;`
    + ` the submission's own statements, replayed by pgbench without Node, reach ${((100 * replay.tps) / tps).toFixed(1)} %,`
    + ` ${((100 * replayPrepared.tps) / tps).toFixed(1)} % prepared (the database's ceiling for this submission)\n`);

  const bare = ruleRows.find((x) => x.name === 'bare write (reference)')!.r;
  console.log(`Each rule's check called alone, ${opt.ruleCalls} calls, ${opt.concurrency} concurrent; "of flow" = its p50 against the online submission's p50 (${cases.p50.toFixed(2)} ms)\n`);
  table(ruleRows.map(({ name, r, note }) => ({
    rule: name, 'per second': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'of flow %': (100 * r.p50) / cases.p50, 'vs bare write %': (100 * r.p50) / bare.p50, errors: r.errors, what: note,
  })));
  console.log('');
  console.log(JSON.stringify({
    bench: 'submission', requests: opt.requests, concurrency: opt.concurrency,
    submissions: { rps: +cases.perSecond.toFixed(1), p50ms: +cases.p50.toFixed(2), p95ms: +cases.p95.toFixed(2), nodeCpuMs: +cases.cpuMs.toFixed(2), nodeUserMs: +cases.userMs.toFixed(2), nodeSystemMs: +cases.systemMs.toFixed(2), errors: cases.errors },
    submissionsAnsweredWithDetail: { rps: +detailed.perSecond.toFixed(1), p50ms: +detailed.p50.toFixed(2), p95ms: +detailed.p95.toFixed(2), nodeCpuMs: +detailed.cpuMs.toFixed(2), errors: detailed.errors },
    counter: { rps: +counter.perSecond.toFixed(1), p50ms: +counter.p50.toFixed(2), p95ms: +counter.p95.toFixed(2), nodeCpuMs: +counter.cpuMs.toFixed(2), errors: counter.errors },
    instances: spread.map(({ instances, r, serverCpuMs, loadCpuMs }) => ({
      instances, rps: +r.perSecond.toFixed(1), p50ms: +r.p50.toFixed(2), p95ms: +r.p95.toFixed(2), serverCpuMs: +serverCpuMs.toFixed(2), loadCpuMs: +loadCpuMs.toFixed(2), toPgbenchTps: +(r.perSecond / tps).toFixed(3), errors: r.errors,
    })),
    fromWrk: fromWrk.map(({ instances, r, serverCpuMs, postgresCpuMs: pgMs, machineMs }) => ({
      instances, rps: +r.perSecond.toFixed(1), p50ms: +r.p50.toFixed(2), p95ms: +r.p95.toFixed(2), machineCpuMs: +machineMs.toFixed(2), serverCpuMs: +serverCpuMs.toFixed(2), postgresCpuMs: +pgMs.toFixed(2), wrkCpuMs: +r.cpuMs.toFixed(3),
      toPgbenchTps: +(r.perSecond / tps).toFixed(3), errors: r.errors,
    })),
    floor: { rps: +floor.perSecond.toFixed(1), p50ms: +floor.p50.toFixed(2), nodeCpuMs: +floor.cpuMs.toFixed(3), errors: floor.errors },
    pgbench: { tps: +tps.toFixed(1), clients: opt.pgbenchClients, machineCpuMs: +tpcb.machineMs.toFixed(3), postgresCpuMs: +tpcb.postgresMs.toFixed(3), clientCpuMs: +tpcb.clientMs.toFixed(3), walBytes: Math.round(tpcb.walBytes) },
    replay: { tps: +replay.tps.toFixed(1), preparedTps: +replayPrepared.tps.toFixed(1), preparedMachineCpuMs: +replayPrepared.machineMs.toFixed(3), preparedPostgresCpuMs: +replayPrepared.postgresMs.toFixed(3), preparedWalBytes: Math.round(replayPrepared.walBytes), statements: captured.sent.length, transactions: replay.transactions + replayPrepared.transactions },
    ratios: {
      submissionsToPgbenchTps: +ratio.toFixed(3), replayToPgbenchTps: +(replay.tps / tps).toFixed(3), preparedReplayToPgbenchTps: +(replayPrepared.tps / tps).toFixed(3),
      submissionsToReplay: +(cases.perSecond / replay.tps).toFixed(3),
    },
    rules: Object.fromEntries(ruleRows.map(({ name, r }) => [name, { perSecond: +r.perSecond.toFixed(1), p50ms: +r.p50.toFixed(3), p95ms: +r.p95.toFixed(3), errors: r.errors }])),
  }));
} finally {
  await platform.close();
}
