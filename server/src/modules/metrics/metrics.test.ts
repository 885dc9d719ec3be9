/**
 * /metrics (issue 18): the metric names a dashboard relies on, a request counted under its route
 * pattern, figures read from the database (open cases by light, job lag, the job queue), and the
 * access rule: loopback only, or a bearer token.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { signIn, submittedCase, itemIdByName, testApp, type TestApp } from '../../test/harness.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
let t: TestApp;
before(async () => { t = await testApp({ env: { METRICS_TOKEN: TOKEN } }); });
after(async () => { await t.close(); });

const scrape = async (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });

/** The value of one sample line: `name{labels} value`, labels given in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

test('a scrape from the loopback address has every metric the dashboard uses, in the Prometheus text format', async () => {
  const res = await scrape();
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  for (const name of ['onewindow_http_request_duration_seconds', 'onewindow_db_pool_total', 'onewindow_db_pool_idle', 'onewindow_db_pool_waiting',
    'onewindow_job_lag_seconds', 'onewindow_open_cases', 'onewindow_outbox_pending', 'onewindow_outbox_oldest_due_seconds', 'onewindow_process_cpu_seconds_total']) {
    assert.match(res.body, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
  for (const job of ['case_acceptance', 'warning_lights', 'fee_notices', 'work_orders', 'elicence_issuance', 'payment_queries', 'declaration_rechecks']) {
    assert.notEqual(sample(res.body, 'onewindow_job_lag_seconds', { job }), undefined, job);
  }
  assert.ok(sample(res.body, 'onewindow_db_pool_total')! >= 1, 'the scrape itself used a connection');
});

test('a request is counted in the latency histogram under its route pattern, not its URL', async () => {
  const before = sample((await scrape()).body, 'onewindow_http_request_duration_seconds_count', { route: '/api/items/:id/guide', method: 'GET', status: '4xx' }) ?? 0;
  const missing = '00000000-0000-4000-8000-000000000000';
  const res = await t.app.inject({ method: 'GET', url: `/api/items/${missing}/guide` });
  assert.equal(res.statusCode, 404);
  const text = (await scrape()).body;
  assert.equal(sample(text, 'onewindow_http_request_duration_seconds_count', { route: '/api/items/:id/guide', method: 'GET', status: '4xx' }), before + 1);
  assert.ok(!text.includes(missing), 'the raw URL is never a label');
});

test('open cases by light and the case acceptance lag come from the database (refreshed once per interval)', async () => {
  const company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  const itemId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  const c = await submittedCase(t.app, company, itemId);
  // The case is red and its acceptance was due 3 days ago (China time), with no sweep run in this test.
  await sql`UPDATE cases SET light = 'red', acceptance_due_date = (${'2026-11-23'}::date - 3) WHERE id = ${c.id}`.execute(t.owner);
  const expectedRed = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE light = 'red' AND status IN ('submitted','supplement_requested','accepted','in_review','forwarded','decided','awaiting_payment','ready','issuing')`.execute(t.owner)).rows[0]!.n);
  // The first scrapes (above) were before the change and are cached: a scrape after the interval reads the new figures.
  const now = Date.now();
  const realNow = Date.now;
  Date.now = () => now + 16_000;
  try {
    const text = (await scrape()).body;
    assert.equal(sample(text, 'onewindow_open_cases', { light: 'red' }), expectedRed);
    // fixed clock 2026-11-23T02:00Z = 10:00 in China; due date 11-20, due from 11-21 00:00 China = 11-20T16:00Z.
    const lag = sample(text, 'onewindow_job_lag_seconds', { job: 'case_acceptance' })!;
    assert.ok(lag >= (Date.parse('2026-11-23T02:00:00Z') - Date.parse('2026-11-20T16:00:00Z')) / 1000, `lag ${lag}`);
  } finally {
    Date.now = realNow;
  }
});

test('the job queue backlog counts a job waiting and its age', async () => {
  await sql`SELECT graphile_worker.add_job('metrics-test-nothing', '{}'::json, run_at => '2026-11-23T01:50:00Z'::timestamptz)`.execute(t.owner);
  const realNow = Date.now;
  const now = realNow();
  Date.now = () => now + 60_000;
  try {
    const text = (await scrape()).body;
    assert.ok(sample(text, 'onewindow_outbox_pending')! >= 1);
    // The fixed clock is 02:00Z: the job has been due for 10 minutes.
    assert.ok(sample(text, 'onewindow_outbox_oldest_due_seconds')! >= 600);
  } finally {
    Date.now = realNow;
  }
});

test('not public: another address is refused, so is a request relayed by a proxy, unless it carries the token', async () => {
  const away = await scrape({}, '10.1.2.3');
  assert.equal(away.statusCode, 403);
  assert.equal(away.json().code, 'FORBIDDEN');
  assert.doesNotMatch(away.body, /onewindow_/);
  assert.equal((await scrape({ 'x-forwarded-for': '203.0.113.9' })).statusCode, 403, 'through a proxy on this host');
  assert.equal((await scrape({ authorization: 'Bearer wrong-token-wrong-token!' }, '10.1.2.3')).statusCode, 403);
  assert.equal((await scrape({ authorization: `Bearer ${TOKEN}` }, '10.1.2.3')).statusCode, 200);
});
