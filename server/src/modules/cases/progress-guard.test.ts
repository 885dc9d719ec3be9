// The public progress query cannot be guessed (docs/security.md, "Public progress"): receipt
// numbers random with a check digit (old ones still work), wrong codes lock a number, and the
// query is throttled per client address and per receipt number.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { housingCast, submitApplication, testApp, type TestApp } from '../../test/harness.ts';
import { luhnDigit } from './receipt-number.ts';

const at = (date: string) => new Date(`${date}T02:00:00Z`);

async function acceptedCases(t: TestApp, n: number) {
  const cast = await housingCast(t.app);
  const out: Array<{ id: string; receiptNo: string; queryCode: string }> = [];
  for (let i = 0; i < n; i++) {
    const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
    const res = await cast.window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' });
    assert.equal(res.statusCode, 200, res.body);
    out.push(res.json().case);
  }
  return out;
}

const query = (t: TestApp, receiptNo: string, queryCode: string, ip = '192.0.2.1', forwardedFor?: string) =>
  t.app.inject({
    method: 'GET', url: `/api/progress?receiptNo=${encodeURIComponent(receiptNo)}&queryCode=${queryCode}`, remoteAddress: ip,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');
const attemptRows = async (t: TestApp) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM progress_attempts`.execute(t.ctx.db)).rows[0]!.n);

describe('receipt numbers and the lock of a receipt number', () => {
  let t: TestApp;
  let cases: Awaited<ReturnType<typeof acceptedCases>>;
  before(async () => {
    // The rate limits count real time, not the test clock: high here, tested on their own below.
    t = await testApp({ now: at('2026-03-02'), env: { PROGRESS_RATE_PER_MINUTE: '10000', PROGRESS_RECEIPT_RATE_PER_MINUTE: '10000' } });
    cases = await acceptedCases(t, 3);
  });
  after(async () => { await t.close(); });

  test('new receipt numbers are the region, the year, 8 random digits and a Luhn check digit: consecutive cases are not consecutive numbers', () => {
    for (const c of cases) {
      assert.match(c.receiptNo, /^4600002026\d{9}$/);
      assert.equal(luhnDigit(c.receiptNo.slice(0, -1)), c.receiptNo.at(-1));
    }
    const serials = cases.map((c) => Number(c.receiptNo.slice(10, 18)));
    assert.equal(new Set(serials).size, serials.length);
    // A serial would differ by one from case to case; random numbers spread over 10^8.
    assert.ok(serials.slice(1).some((s, i) => Math.abs(s - serials[i]!) > 1000), serials.join(','));
  });

  test('the Luhn digit is the standard one', () => {
    assert.equal(luhnDigit('7992739871'), '3');
    assert.equal(luhnDigit('000000000'), '0');
  });

  test('a new-form number with a wrong check digit is refused as a typo, before any lookup, and counts nothing', async () => {
    const c = cases[0]!;
    const typo = `${c.receiptNo.slice(0, -1)}${(Number(c.receiptNo.at(-1)) + 1) % 10}`;
    const before = await attemptRows(t);
    const res = await query(t, typo, c.queryCode);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'RECEIPT_NO_CHECK_DIGIT');
    assert.equal(res.json().field, 'receiptNo');
    assert.ok(res.json().message.zh && res.json().message.en);
    assert.equal(await attemptRows(t), before);
  });

  test('an old sequential number (no check digit) keeps working', async () => {
    const c = cases[1]!;
    await sql`UPDATE cases SET receipt_no = '46000020250000042' WHERE id = ${c.id}`.execute(t.ctx.db);
    const res = await query(t, '46000020250000042', c.queryCode);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().receiptNo, '46000020250000042');
  });

  test('repeated wrong codes lock the receipt number for everyone, even with the right code, until the lock runs out', async () => {
    const c = cases[2]!;
    assert.equal((await query(t, c.receiptNo, c.queryCode)).statusCode, 200);
    // Each wrong guess from another address: the lock is the number's, not the client's.
    for (let i = 0; i < t.config.PROGRESS_MAX_FAILURES; i++) {
      assert.equal((await query(t, c.receiptNo, wrongCode(c.queryCode), `198.51.100.${i + 1}`)).statusCode, 404);
    }
    const locked = await query(t, c.receiptNo, c.queryCode, '192.0.2.77');
    assert.equal(locked.statusCode, 423);
    assert.equal(locked.json().code, 'PROGRESS_LOCKED');
    assert.match(locked.json().message.zh, /锁定/);
    assert.match(locked.json().message.en, /locked until/);
    t.clock.advance((t.config.PROGRESS_LOCK_MINUTES + 1) * 60_000);
    assert.equal((await query(t, c.receiptNo, c.queryCode)).statusCode, 200);
  });

  test('the right code resets the count: fewer wrong codes than the limit, then the right one, never lock', async () => {
    const c = cases[0]!;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < t.config.PROGRESS_MAX_FAILURES - 1; i++) assert.equal((await query(t, c.receiptNo, wrongCode(c.queryCode))).statusCode, 404);
      assert.equal((await query(t, c.receiptNo, c.queryCode)).statusCode, 200);
    }
  });

  test('a number that does not exist locks the same way, so the lock does not tell which numbers exist', async () => {
    const body = '460000202612345678';
    const unknown = `${body}${luhnDigit(body)}`;
    for (let i = 0; i < t.config.PROGRESS_MAX_FAILURES; i++) assert.equal((await query(t, unknown, '123456')).statusCode, 404);
    assert.equal((await query(t, unknown, '123456')).json().code, 'PROGRESS_LOCKED');
  });
});

describe('throttling of the progress query', () => {
  test('per client address: X-Forwarded-For from an untrusted client does not reset the count', async () => {
    const t = await testApp({ now: at('2026-03-02'), env: { PROGRESS_RATE_PER_MINUTE: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await query(t, `46000020260000${100 + i}`, '123456', '192.0.2.9', `203.0.113.${i}`)).statusCode);
      assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
      assert.equal((await query(t, '46000020260000200', '123456', '192.0.2.10')).statusCode, 404, 'another client is not held up');
    } finally {
      await t.close();
    }
  });

  test('per receipt number: many addresses asking about one number are held up, other numbers are not', async () => {
    const t = await testApp({ now: at('2026-03-02'), env: { PROGRESS_RECEIPT_RATE_PER_MINUTE: '3', PROGRESS_MAX_FAILURES: '100' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await query(t, '46000020260000999', '123456', `198.51.100.${i}`)).statusCode);
      assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
      const limited = await query(t, '46000020260000999', '123456', '198.51.100.50');
      assert.equal(limited.json().code, 'TOO_MANY_REQUESTS');
      assert.equal((await query(t, '46000020260000998', '123456', '198.51.100.50')).statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
