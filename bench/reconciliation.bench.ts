// Reconciling one day of N payments against their notices and the channel's statement lines
// (issue 11, "Measured"): the import of the statement file (parse, check, store, load the lines
// set-based) and the three-way match run, beside loading the same file into a table with COPY (the
// floor, through psql's \copy, same run, same server). Goal: the run ≤ 3× the COPY.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import * as repo from '../server/src/modules/reconciliation/reconciliation.repository.ts';
import { importForCenter, runLocked } from '../server/src/modules/reconciliation/reconciliation.service.ts';
import { statementOf } from '../server/src/modules/reconciliation/statement.generator.ts';
import { benchPlatform, clientConnection, insertInChunks, options, table } from './lib.ts';

const opt = options({ payments: 1_000_000, runs: 3, faultsPer: 2000, explain: 0 },
  'One day of N payments reconciled three ways (notices × payments × statement lines), against COPY of the same statement file. ' +
  'faultsPer: one in this many payments is dropped from the statement, one listed twice, one with another amount, and as many lines without a payment (lost notifications). explain 1: print the plans of the match (EXPLAIN ANALYZE) after the runs.');

const NOW = new Date('2026-11-23T14:00:00Z'); // 22:00 in China, the day's payments all in
const DAY = '2026-11-23';
const DAY_START = '2026-11-23T00:00:00+08:00';

const platform = await benchPlatform('reconciliation', { clock: fixedClock(NOW) });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-bench-recon-'));
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const item = await db.selectFrom('items as i').innerJoin('centers as c', 'c.id', 'i.center_id')
    .select(['i.id', 'i.center_id', 'i.department_id', 'c.region_code', 'i.processing_mode']).orderBy('i.id').limit(1).executeTakeFirstOrThrow();
  const account = await db.insertInto('fiscal_accounts').values({
    center_id: item.center_id, code: 'BENCH', name: '非税收入汇缴结算户', bank: '模拟银行', account_no: '6222000000000001', created_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const lost = Math.floor(opt.payments / opt.faultsPer);
  const notices = opt.payments + lost; // the last `lost` notices are paid at the bank but their notification never came

  // The day's data, in bulk: one case and one notice per payment, the payments spread over the day.
  const t0 = performance.now();
  await insertInChunks(notices, async (from, to) => {
    await sql`
      INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, idempotency_key, status,
        processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date, promised_days, statutory_days, due_date,
        statutory_due_date, warning_date, decision, decided_at, closed_at, created_at, updated_at)
      SELECT ${item.id}, 1, ${item.center_id}, ${item.department_id}, ${item.region_code}, ${applicant.id}, '张三', 'online', 'recon-' || g, 'delivered',
        ${item.processing_mode}, '{}', ${NOW}, ${DAY}, ${DAY}, ${NOW}, ${DAY}, 5, 20, ${DAY}, ${DAY}, ${DAY}, 'approved', ${NOW}, ${NOW}, ${NOW}, ${NOW}
      FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
  });
  console.log('');
  await sql`
    INSERT INTO payment_notices (notice_no, case_id, center_id, department_id, payer_id, payer_name, payer_code, fiscal_account_id, total_fen, due_date,
      status, issued_at, paid_at)
    SELECT '46' || lpad(substr(c.idempotency_key, 7), 16, '0'), c.id, c.center_id, c.department_id, c.applicant_id, '张三', ${DEMO_PERSON.idNumber},
      ${account.id}, 100 + (hashtext(c.id::text) & 65535), '2026-12-31',
      CASE WHEN substr(c.idempotency_key, 7)::int > ${opt.payments} THEN 'issued' ELSE 'paid' END, ${NOW}, NULL
    FROM cases c WHERE c.idempotency_key LIKE 'recon-%'`.execute(db);
  await sql`
    INSERT INTO payments (notice_id, channel, channel_txn_id, amount_fen, paid_at, recorded_at, settled)
    SELECT n.id, 'sim_bank', 'SB' || substr(n.notice_no, 3), n.total_fen, ${DAY_START}::timestamptz + (substr(n.notice_no, 3)::bigint % 79000) * interval '1 second',
      ${NOW}, true
    FROM payment_notices n WHERE n.fiscal_account_id = ${account.id} AND n.status = 'paid'`.execute(db);
  await sql`VACUUM ANALYZE cases, payment_notices, payments`.execute(platform.owner);
  const loadSeconds = (performance.now() - t0) / 1000;

  // The simulated bank's statement of the day, with its faults.
  const g0 = performance.now();
  const from = new Date(DAY_START);
  const rows = (await repo.paymentsOfDay(db, item.center_id, 'sim_bank', from, new Date(from.getTime() + 86_400_000)))
    .map((r) => ({ channelTxnId: r.channel_txn_id, noticeNo: r.notice_no, amountFen: Number(r.amount_fen), paidAt: r.paid_at }));
  const every = (k: number) => rows.filter((_, i) => i % opt.faultsPer === k).map((r) => r.channelTxnId);
  const unpaid = await db.selectFrom('payment_notices').select(['notice_no', 'total_fen']).where('fiscal_account_id', '=', account.id).where('status', '=', 'issued').execute();
  const faults = {
    drop: every(1), duplicate: every(2), alter: Object.fromEntries(every(3).map((t) => [t, 1])),
    extra: unpaid.map((n, i) => ({ channelTxnId: `LOST${i}`, noticeNo: n.notice_no, amountFen: Number(n.total_fen), paidAt: new Date(from.getTime() + 3_600_000) })),
    totals: false, // COPY reads the same file: no totals line
  };
  const file = statementOf(rows, faults);
  const filePath = path.join(tmp, `sim_bank-${DAY}.csv`);
  fs.writeFileSync(filePath, file);
  const genSeconds = (performance.now() - g0) / 1000;
  const lineCount = rows.length - faults.drop.length + faults.duplicate.length + faults.extra.length;

  // The floor: COPY of the same file into a table of its columns, through psql's \copy (client-side, like an upload).
  const owner = clientConnection(platform.server.ownerUrl);
  const env = { ...owner.env, PGTZ: 'Asia/Shanghai' };
  const psql = (cmd: string) => execFileSync('psql', [...owner.args, '-d', owner.database, '-qXtAc', cmd], { env, encoding: 'utf8' });
  psql('CREATE TABLE bench_statement_copy (channel_txn_id text NOT NULL, notice_no text NOT NULL, amount_fen bigint NOT NULL, paid_at timestamptz NOT NULL)');
  const copyMs: number[] = [];
  for (let i = 0; i < opt.runs; i++) {
    psql('TRUNCATE bench_statement_copy');
    const c0 = performance.now();
    psql(`\\copy bench_statement_copy FROM '${filePath}' WITH (FORMAT csv, HEADER true)`);
    copyMs.push(performance.now() - c0);
  }
  const copied = Number(psql('SELECT count(*) FROM bench_statement_copy').trim());

  // Ours: the import (parse, check, store the file, load the lines), then the run (the match).
  const i0 = performance.now();
  const imported = await importForCenter(platform.ctx, item.center_id, null, { channel: 'sim_bank', day: DAY, bytes: file, filename: 'statement.csv', source: 'fetch' });
  const importMs = performance.now() - i0;
  await sql`VACUUM ANALYZE statement_lines`.execute(platform.owner);
  const runMs: number[] = [];
  let result: Awaited<ReturnType<typeof runLocked>> | undefined;
  for (let i = 0; i < opt.runs; i++) {
    const r0 = performance.now();
    result = await db.transaction().execute(async (tx) => runLocked(platform.ctx, tx, (await repo.findDay(tx, imported.day.id, { forUpdate: true }))!, null));
    runMs.push(performance.now() - r0);
  }
  if (opt.explain) {
    await db.transaction().execute(async (tx) => runLocked(platform.ctx, tx, (await repo.findDay(tx, imported.day.id, { forUpdate: true }))!, null, { explain: (plan) => console.log(`\n${plan}`) }));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const copy = med(copyMs);
  const run = med(runMs);
  const a = result!.anomalies;
  const expected = {
    missing_in_statement: faults.drop.length, missing_payment: faults.extra.length, amount_mismatch: Object.keys(faults.alter).length,
    duplicate_line: faults.duplicate.length, duplicate_payment: 0, unknown_code: 0,
  };
  const right = JSON.stringify(a) === JSON.stringify(expected) && copied === lineCount
    && result!.day.matchedCount === rows.length - faults.drop.length - Object.keys(faults.alter).length;

  console.log(`\nReconciliation benchmark: one day of ${opt.payments.toLocaleString()} payments (${notices.toLocaleString()} notices, data loaded in ${loadSeconds.toFixed(0)} s); ` +
    `statement of ${lineCount.toLocaleString()} lines, ${(file.length / 1048576).toFixed(1)} MB (made in ${genSeconds.toFixed(1)} s); median of ${opt.runs} runs\n`);
  table([
    { what: 'COPY of the statement file into a table (psql \\copy; the floor)', ms: copy, 'vs COPY': 1 },
    { what: 'import: parse + check + store the file + load the lines', ms: importMs, 'vs COPY': importMs / copy },
    { what: 'run: the three-way match, anomalies and totals written', ms: run, 'vs COPY': run / copy },
    { what: 'import + run', ms: importMs + run, 'vs COPY': (importMs + run) / copy },
  ]);
  console.log(`\nanomalies found ${JSON.stringify(a)}; matched ${result!.day.matchedCount.toLocaleString()}; the injected faults were all found and nothing else: ${right ? 'yes' : 'NO'}`);
  console.log(`goal: the run ≤ 3× COPY: ${run / copy <= 3 ? 'met' : 'NOT met'} (${(run / copy).toFixed(2)}×)\n`);
  console.log(JSON.stringify({
    bench: 'reconciliation', payments: opt.payments, notices, lines: lineCount, fileMB: +(file.length / 1048576).toFixed(1),
    copyMs: +copy.toFixed(0), importMs: +importMs.toFixed(0), runMs: +run.toFixed(0), runs: runMs.map((x) => +x.toFixed(0)), copies: copyMs.map((x) => +x.toFixed(0)),
    anomalies: a, correct: right,
    ratios: { runToCopy: +(run / copy).toFixed(2), importToCopy: +(importMs / copy).toFixed(2), importAndRunToCopy: +((importMs + run) / copy).toFixed(2) },
  }));
} finally {
  await platform.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
