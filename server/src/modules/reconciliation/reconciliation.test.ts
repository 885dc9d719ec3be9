import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { testApp, type Session, type TestApp } from '../../test/harness.ts';
import { noticeFor, paymentOf, signInAll, uploadStatement, type NoticeFixture } from '../../test/reconciliation-fixtures.ts';
import { simulatedStatement, statementOf } from './statement.generator.ts';
import { formatStatement, STATEMENT_HEADER } from './statement.format.ts';

const NOW = new Date('2026-11-23T06:00:00Z'); // 14:00 in China
const DAY = '2026-11-23';
const PAID = new Date('2026-11-23T01:30:00Z'); // 09:30 in China
const PROVINCE_ITEM = { name: '建筑工程施工许可证核发', center: '海南省' };
const HAIKOU_ITEM = { name: '食品经营许可', center: '海口' };

let t: TestApp;
let s: Record<'finance' | 'hkFinance' | 'applicant' | 'manager' | 'window', Session>;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  s = await signInAll(t.app, { finance: 'finance', hkFinance: 'hk.finance', applicant: DEMO_ENTERPRISE.creditCode, manager: 'manager', window: 'window1' });
});
after(() => t.close());

/** What a refusal must leave untouched: every reconciliation table, the files and the audit trail. */
async function footprint() {
  const { rows } = await sql<Record<string, number>>`SELECT
    (SELECT count(*)::int FROM reconciliation_days) AS days, (SELECT count(*)::int FROM statement_imports) AS imports,
    (SELECT count(*)::int FROM statement_lines) AS lines, (SELECT count(*)::int FROM reconciliation_anomalies) AS anomalies,
    (SELECT count(*)::int FROM reconciliation_anomalies WHERE status = 'open') AS open, (SELECT count(*)::int FROM files) AS files,
    (SELECT count(*)::int FROM audit_events) AS audit, (SELECT count(*)::int FROM payments) AS payments,
    (SELECT coalesce(sum(row_version), 0)::int FROM reconciliation_days) AS versions`.execute(t.ctx.db);
  return rows[0]!;
}

const anomaliesOf = async (who: Session, dayId: string) =>
  (await who.get(`/api/finance/reconciliation/anomalies?dayId=${dayId}&limit=100`)).json().items as Array<{ id: string; kind: string; channelTxnId: string; status: string; expectedFen: number | null; actualFen: number | null; outcomes: string[] }>;

describe('reconciliation: the three-way match', () => {
  let n: NoticeFixture[];
  let pay: Array<{ id: string; txn: string }>;
  let dayId: string;
  let haikouTxn: string;

  before(async () => {
    n = [];
    for (const fen of [1000, 2000, 3000, 4000, 5000, 6000]) n.push(await noticeFor(t.app, t.ctx.db, s.applicant, PROVINCE_ITEM, fen, PAID));
    pay = [];
    for (const x of [n[0]!, n[1]!, n[3]!, n[4]!, n[5]!]) pay.push(await paymentOf(t.ctx.db, x, { paidAt: PAID }));
    // The sixth notice paid a second time, a minute later (online, then at the bank window's channel id).
    pay.push(await paymentOf(t.ctx.db, n[5]!, { paidAt: new Date(PAID.getTime() + 60_000) }));
    // A Haikou notice paid on the same channel and day: not the province clerk's.
    const hk = await noticeFor(t.app, t.ctx.db, s.applicant, HAIKOU_ITEM, 7000, PAID);
    haikouTxn = (await paymentOf(t.ctx.db, hk, { paidAt: PAID })).txn;
    // A payment of another day is never in this day's set.
    const other = await noticeFor(t.app, t.ctx.db, s.applicant, PROVINCE_ITEM, 800, PAID);
    await paymentOf(t.ctx.db, other, { paidAt: new Date('2026-11-22T15:59:59Z') });
  });

  test('each anomaly kind once, the rest matched; totals per account and department; a second run finds the same rows', async () => {
    const statement = statementOf([
      ...pay.map((p, i) => ({ channelTxnId: p.txn, noticeNo: [n[0], n[1], n[3], n[4], n[5], n[5]][i]!.noticeNo, amountFen: [1000, 2000, 4000, 5000, 6000, 6000][i]!, paidAt: PAID })),
    ], {
      drop: [pay[1]!.txn],                       // paid by us, missing in the statement
      alter: { [pay[2]!.txn]: 3999 },            // amount mismatch
      duplicate: [pay[3]!.txn],                  // the bank listed a line twice
      extra: [
        { channelTxnId: 'SBLOST0001', noticeNo: n[2]!.noticeNo, amountFen: 3000, paidAt: PAID },   // in the statement, no payment: a lost notification
        { channelTxnId: 'SBUNKNOWN01', noticeNo: '4600000000000000', amountFen: 500, paidAt: PAID }, // no such notice
        { channelTxnId: haikouTxn, noticeNo: (await t.ctx.db.selectFrom('payments as p').innerJoin('payment_notices as x', 'x.id', 'p.notice_id').select('x.notice_no').where('p.channel_txn_id', '=', haikouTxn).executeTakeFirstOrThrow()).notice_no, amountFen: 7000, paidAt: PAID },
      ],
    });
    const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY }, statement);
    assert.equal(imp.statusCode, 201, imp.body);
    assert.equal(imp.json().import.lines, 9);
    dayId = imp.json().day.id;

    const run = await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`);
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json().anomalies, {
      missing_in_statement: 1, missing_payment: 1, amount_mismatch: 1, duplicate_line: 1, duplicate_payment: 1, unknown_code: 2,
    });
    const day = run.json().day;
    // Matched: n0, n4 (its first line), n5 paid twice (both lines agree with their payments).
    assert.equal(day.matchedCount, 4);
    assert.equal(day.matchedFen, 1000 + 5000 + 6000 + 6000);
    assert.equal(day.paidCount, 6);
    assert.equal(day.paidFen, 1000 + 2000 + 4000 + 5000 + 6000 + 6000);
    assert.equal(day.openAnomalies, 7);

    const list = await anomaliesOf(s.finance, dayId);
    const byKind = Object.fromEntries(list.map((a) => [a.kind === 'unknown_code' ? `${a.kind}:${a.channelTxnId}` : a.kind, a]));
    assert.equal(byKind.missing_in_statement!.channelTxnId, pay[1]!.txn);
    assert.equal(byKind.missing_payment!.channelTxnId, 'SBLOST0001');
    assert.deepEqual([byKind.amount_mismatch!.expectedFen, byKind.amount_mismatch!.actualFen], [4000, 3999]);
    assert.equal(byKind.duplicate_line!.channelTxnId, pay[3]!.txn);
    assert.equal(byKind.duplicate_payment!.channelTxnId, pay[5]!.txn, 'the later of the two payments is the duplicate');
    assert.ok(byKind[`unknown_code:${haikouTxn}`], "a line of another center's notice is unknown here");
    assert.ok(byKind['unknown_code:SBUNKNOWN01']);
    assert.deepEqual(byKind.missing_payment!.outcomes, ['record_payment', 'write_off', 'refer_to_channel']);

    const detail = (await s.finance.get(`/api/finance/reconciliation/days/${dayId}`)).json();
    assert.equal(detail.totals.length, 1);
    assert.equal(detail.totals[0].paidFen, day.paidFen);
    assert.equal(detail.totals[0].matchedFen, day.matchedFen);
    assert.equal(detail.totals[0].departmentId, n[0]!.departmentId);

    const again = await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json().anomalies, run.json().anomalies);
    assert.equal((await anomaliesOf(s.finance, dayId)).length, 7, 'the second run found the same rows, no new ones');
    assert.equal(again.json().day.runs, 2);
  });

  test('a corrected statement for the day: the anomaly it fixes is cleared by the next run', async () => {
    const rows = await simulatedStatement(t.ctx.db, { centerId: n[0]!.centerId, channel: 'sim_bank', day: DAY }, { alter: { [pay[2]!.txn]: 3999 } });
    const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY }, rows);
    assert.equal(imp.statusCode, 201, imp.body);
    const run = (await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).json();
    assert.equal(run.anomalies.missing_in_statement, 0);
    assert.equal(run.anomalies.amount_mismatch, 1);
    const list = await anomaliesOf(s.finance, dayId);
    assert.equal(list.find((a) => a.kind === 'missing_in_statement')!.status, 'cleared');
    assert.equal(list.find((a) => a.kind === 'amount_mismatch')!.status, 'open');
  });

  test('the same file twice is one import', async () => {
    const bytes = await simulatedStatement(t.ctx.db, { centerId: n[0]!.centerId, channel: 'sim_bank', day: DAY }, { alter: { [pay[2]!.txn]: 3999 } });
    const before = await footprint();
    const res = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY }, bytes);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().duplicate, true);
    assert.deepEqual(await footprint(), before);
  });

  test('resolution: the outcome must fit the kind; audited once; a resolved anomaly refuses a second resolution', async () => {
    const open = (await anomaliesOf(s.finance, dayId)).filter((a) => a.status === 'open');
    const mismatch = open.find((a) => a.kind === 'amount_mismatch')!;
    let before = await footprint();
    const wrong = await s.finance.post(`/api/finance/reconciliation/anomalies/${mismatch.id}/resolve`, { outcome: 'record_payment', reason: '补记缴款' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().code, 'ANOMALY_OUTCOME_INVALID');
    const empty = await s.finance.post(`/api/finance/reconciliation/anomalies/${mismatch.id}/resolve`, { outcome: 'write_off', reason: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(await footprint(), before);

    const ok = await s.finance.post(`/api/finance/reconciliation/anomalies/${mismatch.id}/resolve`, { outcome: 'refer_to_channel', reason: '银行确认对账文件金额录入错误，次日更正' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'resolved');
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'data', 'actor_id']).where('stream', '=', `reconciliation:${dayId}`).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.action, 'reconciliation.resolve');
    assert.equal(audit.actor_id, s.finance.user.id);
    assert.equal((audit.data as { outcome: string }).outcome, 'refer_to_channel');

    before = await footprint();
    const twice = await s.finance.post(`/api/finance/reconciliation/anomalies/${mismatch.id}/resolve`, { outcome: 'write_off', reason: '再次处理' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'ANOMALY_NOT_OPEN');
    assert.deepEqual(await footprint(), before);
  });

  test('lock: refused with open anomalies and before a run on the current statement; a locked day refuses imports, runs and resolutions', async () => {
    let before = await footprint();
    const refused = await s.finance.post(`/api/finance/reconciliation/days/${dayId}/lock`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'RECONCILIATION_OPEN_ANOMALIES');
    assert.deepEqual(await footprint(), before);

    for (const a of (await anomaliesOf(s.finance, dayId)).filter((x) => x.status === 'open')) {
      const outcome = a.outcomes.includes('write_off') ? 'write_off' : a.outcomes[0];
      assert.equal((await s.finance.post(`/api/finance/reconciliation/anomalies/${a.id}/resolve`, { outcome, reason: '已核实，予以核销' })).statusCode, 200);
    }
    // A new statement after the last run: the day must be run on it first.
    t.clock.advance(60_000);
    const bytes = await simulatedStatement(t.ctx.db, { centerId: n[0]!.centerId, channel: 'sim_bank', day: DAY });
    assert.equal((await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY }, bytes)).statusCode, 201);
    before = await footprint();
    const notRun = await s.finance.post(`/api/finance/reconciliation/days/${dayId}/lock`);
    assert.equal(notRun.json().code, 'RECONCILIATION_NOT_RUN');
    assert.deepEqual(await footprint(), before);
    t.clock.advance(60_000);
    const run = (await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).json();
    assert.equal(run.day.openAnomalies, 0, JSON.stringify(run));
    const locked = await s.finance.post(`/api/finance/reconciliation/days/${dayId}/lock`);
    assert.equal(locked.statusCode, 200, locked.body);
    assert.equal(locked.json().status, 'locked');

    before = await footprint();
    const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY }, Buffer.from(`${STATEMENT_HEADER}\n`));
    assert.equal(imp.json().code, 'RECONCILIATION_DAY_LOCKED');
    assert.equal((await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).json().code, 'RECONCILIATION_DAY_LOCKED');
    assert.equal((await s.finance.post(`/api/finance/reconciliation/days/${dayId}/lock`)).json().code, 'RECONCILIATION_DAY_LOCKED');
    const resolved = (await anomaliesOf(s.finance, dayId)).find((a) => a.status === 'resolved')!;
    const again = await s.finance.post(`/api/finance/reconciliation/anomalies/${resolved.id}/resolve`, { outcome: 'write_off', reason: '锁定后处理' });
    assert.equal(again.json().code, 'RECONCILIATION_DAY_LOCKED');
    assert.deepEqual(await footprint(), before);
  });

  test('figures: collected per day and per account, open anomalies by kind', async () => {
    const f = (await s.finance.get(`/api/finance/reconciliation/figures?from=2026-11-01&to=${DAY}`)).json();
    const d = f.perDay.find((x: { day: string }) => x.day === DAY);
    assert.equal(d.paidFen, 1000 + 2000 + 4000 + 5000 + 6000 + 6000);
    assert.equal(d.lockedChannels, 1);
    assert.equal(f.perAccount.length, 1);
    assert.equal(f.perAccount[0].paidFen, d.paidFen);
    assert.deepEqual(f.openAnomalies, []);
    const bad = await s.finance.get('/api/finance/reconciliation/figures?from=2026-11-30&to=2026-11-01');
    assert.equal(bad.statusCode, 400);
  });
});

describe('reconciliation: a bad statement file is refused with nothing written', () => {
  const day = '2026-11-20';
  const good = `${STATEMENT_HEADER}\nSB1,4600000000000001,100,2026-11-20 10:00:00\n`;
  const cases: Array<[string, Buffer, string, number?]> = [
    ['empty', Buffer.alloc(0), 'STATEMENT_EMPTY'],
    ['GBK bytes', Buffer.from([0xb6, 0xd4, 0xd5, 0xcb, 0x0a]), 'STATEMENT_ENCODING'],
    ['no header', Buffer.from('SB1,4600000000000001,100,2026-11-20 10:00:00\n'), 'STATEMENT_HEADER'],
    ['three columns', Buffer.from(`${good}SB2,4600000000000002,100\n`), 'STATEMENT_LINE_INVALID', 3],
    ['a float amount', Buffer.from(`${good}SB2,4600000000000002,1.5,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['a negative amount', Buffer.from(`${good}SB2,4600000000000002,-100,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['a zero amount', Buffer.from(`${good}SB2,4600000000000002,0,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['an amount past the ceiling', Buffer.from(`${good}SB2,4600000000000002,100000000000,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['another day', Buffer.from(`${good}SB2,4600000000000002,100,2026-11-21 00:00:01\n`), 'STATEMENT_LINE_INVALID', 3],
    ['not a real time', Buffer.from(`${good}SB2,4600000000000002,100,2026-11-20 24:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['a quoted field', Buffer.from(`${good}"SB2",4600000000000002,100,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 3],
    ['totals that disagree', Buffer.from(`${good}TOTAL,1,101\n`), 'STATEMENT_TOTAL_MISMATCH', 3],
    ['a line after the totals', Buffer.from(`${good}TOTAL,1,100\nSB2,4600000000000002,100,2026-11-20 10:00:00\n`), 'STATEMENT_LINE_INVALID', 4],
  ];

  test('each fault answers its code naming the line, and writes nothing', async () => {
    const before = await footprint();
    for (const [what, bytes, code, line] of cases) {
      const res = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day }, bytes);
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().code, code, what);
      if (line) {
        assert.equal(res.json().details.line, line, what);
        assert.match(res.json().message.zh, new RegExp(`第${line}行`), what);
        assert.match(res.json().message.en, new RegExp(`[Ll]ine ${line}`), what);
      }
    }
    const future = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: '2026-11-24' }, Buffer.from(`${STATEMENT_HEADER}\n`));
    assert.equal(future.json().code, 'STATEMENT_DAY_FUTURE');
    const noDate = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: '2026-02-30' }, Buffer.from(good));
    assert.equal(noDate.statusCode, 400);
    assert.deepEqual(await footprint(), before);
  });

  test('random bytes never answer 500', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const before = await footprint();
    for (let i = 0; i < 60; i++) {
      const len = Math.floor(rnd() * 300);
      const bytes = Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * 256)));
      // Half of them start like a statement, so the line checks see the noise.
      const body = i % 2 ? Buffer.concat([Buffer.from(`${STATEMENT_HEADER}\n`), bytes]) : bytes;
      const res = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day }, body);
      assert.ok(res.statusCode === 400, `${i}: ${res.statusCode} ${res.body}`);
    }
    assert.deepEqual(await footprint(), before);
  });

  test('a request without a multipart file is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/finance/reconciliation/statements?channel=sim_bank&day=${day}`, payload: { x: 1 }, headers: { cookie: s.finance.cookie, 'x-csrf-token': s.finance.csrf } });
    assert.equal(res.json().code, 'MULTIPART_REQUIRED');
  });
});

describe('reconciliation: who may', () => {
  test('another center, other roles, applicants and the public are refused; a clerk lists only their center', async () => {
    const hkDay = '2026-11-21';
    const hk = await noticeFor(t.app, t.ctx.db, s.applicant, HAIKOU_ITEM, 900, new Date(`${hkDay}T02:00:00Z`));
    const hkPay = await paymentOf(t.ctx.db, hk, { paidAt: new Date(`${hkDay}T02:00:00Z`) });
    const hkImport = await uploadStatement(t.app, s.hkFinance, { channel: 'sim_bank', day: hkDay }, formatStatement([]));
    assert.equal(hkImport.statusCode, 201);
    const hkDayId = hkImport.json().day.id;
    assert.equal((await s.hkFinance.post(`/api/finance/reconciliation/days/${hkDayId}/run`)).json().anomalies.missing_in_statement, 1);
    const hkAnomaly = (await anomaliesOf(s.hkFinance, hkDayId))[0]!;
    assert.equal(hkAnomaly.channelTxnId, hkPay.txn);

    const before = await footprint();
    const probes: Array<[string, (who: Session | null) => Promise<{ statusCode: number }>]> = [
      ['read day', (w) => (w ? w.get(`/api/finance/reconciliation/days/${hkDayId}`) : t.app.inject({ method: 'GET', url: `/api/finance/reconciliation/days/${hkDayId}` }))],
      ['run', (w) => (w ? w.post(`/api/finance/reconciliation/days/${hkDayId}/run`) : t.app.inject({ method: 'POST', url: `/api/finance/reconciliation/days/${hkDayId}/run` }))],
      ['lock', (w) => (w ? w.post(`/api/finance/reconciliation/days/${hkDayId}/lock`) : t.app.inject({ method: 'POST', url: `/api/finance/reconciliation/days/${hkDayId}/lock` }))],
      ['resolve', (w) => (w ? w.post(`/api/finance/reconciliation/anomalies/${hkAnomaly.id}/resolve`, { outcome: 'write_off', reason: '越权处理' })
        : t.app.inject({ method: 'POST', url: `/api/finance/reconciliation/anomalies/${hkAnomaly.id}/resolve`, payload: { outcome: 'write_off', reason: '越权处理' } }))],
      ['anomalies of the day', (w) => (w ? w.get(`/api/finance/reconciliation/anomalies?dayId=${hkDayId}`) : t.app.inject({ method: 'GET', url: `/api/finance/reconciliation/anomalies?dayId=${hkDayId}` }))],
      ['upload', (w) => uploadStatement(t.app, w, { channel: 'sim_bank', day: hkDay }, formatStatement([]))],
    ];
    for (const [what, probe] of probes) {
      const actual = {
        public: (await probe(null)).statusCode, finance: (await probe(s.finance)).statusCode, manager: (await probe(s.manager)).statusCode,
        window: (await probe(s.window)).statusCode, applicant: (await probe(s.applicant)).statusCode,
      };
      // The province's finance clerk may upload for their own center (a day of theirs), never act on Haikou's.
      const financeExpected = what === 'upload' ? 201 : 403;
      assert.deepEqual(actual, { public: 401, finance: financeExpected, manager: 403, window: 403, applicant: 403 }, what);
    }
    const after = await footprint();
    // The province clerk's own upload made a day, an import and a file of the province: nothing of Haikou's changed.
    assert.equal((await t.ctx.db.selectFrom('reconciliation_anomalies').select('status').where('id', '=', hkAnomaly.id).executeTakeFirstOrThrow()).status, 'open');
    assert.equal(after.anomalies, before.anomalies);
    const mine = (await s.finance.get('/api/finance/reconciliation/anomalies?limit=100')).json().items as Array<{ id: string }>;
    assert.ok(!mine.some((a) => a.id === hkAnomaly.id), "a clerk's list holds only their center's anomalies");
    const days = (await s.finance.get('/api/finance/reconciliation/days')).json().items as Array<{ id: string }>;
    assert.ok(!days.some((d) => d.id === hkDayId));
  });
});
