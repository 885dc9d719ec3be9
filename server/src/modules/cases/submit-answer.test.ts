import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { firstEventRow } from '../../lib/audit.ts';
import { insertCaseRow, insertSubmittedCase } from './cases.repository.ts';
import { applicationBody, itemIdByName, signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 18, a submission's answer. `POST /api/cases` and `POST /api/counter/cases` answer with the new
 * case's detail built from what the submission wrote (cases.queries.ts `submittedDetail`), not read
 * back: it must be the very detail `GET /api/cases/:id` answers the same caller, value for value and
 * key for key, online and at the counter, and in the shapes that are read back instead (several files
 * for one material, a delivery choice, paper received earlier). With `Prefer: return=minimal` (what the web
 * app sends, since it opens the case next) the answer is the case's summary exactly as the lists show it.
 * Then the round trips to PostgreSQL of
 * one submission, counted on the pg client every query goes through (Kysely's driver calls
 * `Client.query`) from the request's arrival to its answer, printed with each statement's head and
 * held under a ceiling, so a change that adds round trips to the hot path is seen.
 */
let t: TestApp;
let company: Session;
let person: Session;
let window1: Session;
let permitId: string;
let societyId: string;

let counting: string[] | null = null;
const query = pg.Client.prototype.query;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const COMPANY = { kind: 'enterprise', name: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode, legalRepresentative: '李四', phone: '13900005678' };

before(async () => {
  t = await testApp({ now: MONDAY });
  [company, person, window1] = await Promise.all([signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'window1')]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  societyId = await itemIdByName(t.app, '社会团体成立登记', '海南省');
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '?';
    counting?.push(text.replace(/\s+/g, ' ').trim().slice(0, 110));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
after(async () => {
  pg.Client.prototype.query = query;
  await t.close();
});

/** Submits `body` as `s` (201 expected) and compares the answer with the case as `s` reads it next. */
async function answerIsTheCase(s: Session, url: string, body: Record<string, unknown>) {
  const res = await s.post(url, body);
  assert.equal(res.statusCode, 201, res.body);
  const answered = res.json().case;
  const read = await s.get(`/api/cases/${answered.id}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.deepEqual(answered, read.json(), 'the answer is the case as read back');
  assert.equal(JSON.stringify(answered), JSON.stringify(read.json()), 'key for key, in the same order');
  return answered as { id: string; status: string; timeline: Array<{ action: string }>; materials: Array<{ key: string; files: unknown[] }> };
}

describe("a submission's answer is the case as GET /api/cases/:id shows it", () => {
  test('online, by a company and by a person', async () => {
    const c = await answerIsTheCase(company, '/api/cases', await applicationBody(t.app, company, permitId));
    assert.equal(c.status, 'submitted');
    assert.deepEqual(c.timeline.map((h) => h.action), ['case.submitted']);
    assert.ok(c.materials.some((m) => m.files.length === 1), 'the files given are shown');
    // A person, for an item persons apply for (服务对象).
    await answerIsTheCase(person, '/api/cases', await applicationBody(t.app, person, societyId));
  });

  test('at the counter, for a known applicant and for a walk-in whose account the case makes', async () => {
    await answerIsTheCase(window1, '/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant: COMPANY });
    const walkIn = { kind: 'person', name: '符小琼', idNumber: makeIdNumber('460106', '19920815', '002'), phone: '13976000000' };
    await answerIsTheCase(window1, '/api/counter/cases', { ...(await applicationBody(t.app, window1, societyId)), applicant: walkIn });
  });

  test('read back instead: two files for one material, a delivery choice, paper received the day before', async () => {
    const body = await applicationBody(t.app, company, permitId);
    const first = (body.materials as Array<{ key: string; fileId: string }>)[0]!;
    // The same file named twice is stored once; a second file for the same material is shown beside it.
    const twice = await answerIsTheCase(company, '/api/cases', { ...body, materials: [...body.materials, first, { key: first.key, fileId: await uploadMaterial(t.app, company) }] });
    assert.equal(twice.materials.find((m) => m.key === first.key)!.files.length, 2);
    const pickup = await answerIsTheCase(company, '/api/cases', { ...(await applicationBody(t.app, company, permitId)), delivery: { method: 'pickup' } });
    assert.ok(pickup.timeline.some((h) => h.action === 'case.delivery_choice_set'), 'the delivery choice is in the history the answer shows');
    const receivedAt = new Date(MONDAY.getTime() - 24 * 3600_000).toISOString();
    await answerIsTheCase(window1, '/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant: COMPANY, receivedAt });
  });
});

/** `POST url` as `s` with a `Prefer` header. */
const postPreferring = (s: Session, url: string, body: Record<string, unknown>, prefer: string) => s.post(url, body, { prefer });

/** The case as `s`'s My cases lists it (the summary a minimal answer must equal). */
async function listed(s: Session, id: string) {
  const res = await s.get('/api/my/cases?pageSize=100');
  assert.equal(res.statusCode, 200, res.body);
  const row = (res.json().cases as Array<{ id: string }>).find((c) => c.id === id);
  assert.ok(row, 'the case is in My cases');
  return row;
}

describe('Prefer: return=minimal answers the case summary (RFC 7240)', () => {
  test('online: 201 with the summary as My cases lists it, key for key, and Preference-Applied; a retry answers the same, read back', async () => {
    const body = await applicationBody(t.app, company, permitId, randomUUID());
    const res = await postPreferring(company, '/api/cases', body, 'return=minimal');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['preference-applied'], 'return=minimal');
    const answered = res.json().case;
    const row = await listed(company, answered.id);
    assert.equal(JSON.stringify(answered), JSON.stringify(row), 'the answer is the listed summary, in the same key order');
    assert.equal(answered.status, 'submitted');
    assert.match(answered.submissionNo, /^S\d+/);
    // The same key and body again: the same case, 200, its summary read back (nothing was written by this request).
    const retry = await postPreferring(company, '/api/cases', body, 'respond-async, return=minimal');
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.headers['preference-applied'], 'return=minimal');
    assert.equal(JSON.stringify(retry.json().case), JSON.stringify(row));
  });

  test('read back when listeners wrote more (a delivery choice), and at the counter: the summary equals the detail on every key it has', async () => {
    const pickupBody = { ...(await applicationBody(t.app, company, permitId, randomUUID())), delivery: { method: 'pickup' } };
    const pickup = await postPreferring(company, '/api/cases', pickupBody, 'return=minimal');
    assert.equal(pickup.statusCode, 201, pickup.body);
    assert.equal(JSON.stringify(pickup.json().case), JSON.stringify(await listed(company, pickup.json().case.id)));
    const counter = await postPreferring(window1, '/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId, randomUUID())), applicant: COMPANY }, 'return=minimal');
    assert.equal(counter.statusCode, 201, counter.body);
    const summary = counter.json().case as Record<string, unknown>;
    const detail = (await window1.get(`/api/cases/${summary.id as string}`)).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(summary), Object.keys(await listed(company, summary.id as string)), 'the shape of a listed summary');
    // The detail's `green` is the green channel's details (null without it), the summary's whether it has one.
    for (const [k, v] of Object.entries(summary)) assert.deepEqual(v, k === 'green' ? detail.green !== null : detail[k], k);
    assert.equal(summary.channel, 'counter');
    assert.ok(!('timeline' in summary) && !('materials' in summary), 'no detail');
  });

  test('any other preference, or none understood, answers the whole detail without Preference-Applied', async () => {
    for (const prefer of ['return=representation', 'return=minimal-ish', 'handling=lenient', 'return=representation, return=minimal']) {
      const res = await postPreferring(company, '/api/cases', await applicationBody(t.app, company, permitId, randomUUID()), prefer);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['preference-applied'], undefined, prefer);
      const read = await company.get(`/api/cases/${res.json().case.id}`);
      assert.equal(JSON.stringify(res.json().case), JSON.stringify(read.json()), `${prefer}: the detail`);
    }
  });

  test('a refused submission is refused the same way with the preference, and writes nothing', async () => {
    const body = await applicationBody(t.app, company, permitId, randomUUID());
    const before = await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await postPreferring(company, '/api/cases', { ...body, materials: [] }, 'return=minimal');
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'MATERIALS_REQUIRED');
    assert.equal(res.headers['preference-applied'], undefined);
    const after = await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });
});

async function roundTrips(s: Session, url: string, body: () => Promise<Record<string, unknown>>, post = (b: Record<string, unknown>) => s.post(url, b)) {
  // A first submission warms the per-process caches (published item versions), as in a running server.
  const warm = await post(await body());
  assert.equal(warm.statusCode, 201, warm.body);
  // The body (its uploads) is made before counting starts: only the submission itself is counted.
  const payload = await body();
  counting = [];
  const res = await post(payload);
  // The live board's notification is sent after the commit by the instance's notifier, outside the request and batched
  // with others under load (db/after-commit.ts, tested in after-commit.test.ts): not one of the submission's round trips.
  const statements = counting.filter((x) => !x.includes('count(pg_notify(n.channel, n.payload))'));
  counting = null;
  assert.equal(res.statusCode, 201, res.body);
  console.log(`${url}: ${statements.length} round trips\n${statements.map((x, i) => `  ${String(i + 1).padStart(2)} ${x}`).join('\n')}`);
  return statements;
}

describe('round trips of one submission', () => {
  test('online (POST /api/cases)', async () => {
    const statements = await roundTrips(company, '/api/cases', () => applicationBody(t.app, company, permitId, randomUUID()));
    // 32 before the answer was built from the write (issue 18, 2026-12-04); 16 before the live board's notification went into the
    // rollup's statement and the submission number's check into the insert (14), and the calendar, the trading-award rule and
    // the subscriptions came from the instance's copies checked by the item read (config-cache.test.ts) (11), and the case,
    // its materials and its first audit event were written in one statement (9), and the idempotency key and the files were read
    // in one (8), and those two with the item (7, 2026-12-05). A new one on this path is a decision, not an accident.
    assert.ok(statements.length <= 7, `${statements.length} round trips (ceiling 7)`);
  });

  test('online, answered with the summary (Prefer: return=minimal, as the web app asks): no more than with the detail', async () => {
    const statements = await roundTrips(company, '/api/cases', () => applicationBody(t.app, company, permitId, randomUUID()),
      (b) => postPreferring(company, '/api/cases', b, 'return=minimal'));
    assert.ok(statements.length <= 7, `${statements.length} round trips (ceiling 7)`);
  });

  test('at the counter (POST /api/counter/cases)', async () => {
    const statements = await roundTrips(window1, '/api/counter/cases', async () => ({ ...(await applicationBody(t.app, window1, permitId, randomUUID())), applicant: COMPANY }));
    // 34, then 18, 15, 12, 10 before. Beside online's: the clerk's window (may it register this item?), the applicant's account; no draft to end
    // (the clerk's window for the rollup is read in the rollup's statement).
    assert.ok(statements.length <= 9, `${statements.length} round trips (ceiling 9)`);
  });
});

describe("the submission number is checked by the case's insert", () => {
  test('a drawn number already taken is drawn again; a taken idempotency key answers none, drawing nothing more', async () => {
    const taken = await t.ctx.db.selectFrom('cases').selectAll().where('submission_no', 'is not', null).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const takenNo = taken.submission_no;
    const rest = {
      item_id: taken.item_id, item_version: taken.item_version, center_id: taken.center_id, department_id: taken.department_id, region_code: taken.region_code,
      applicant_id: taken.applicant_id, applicant_name: taken.applicant_name, channel: taken.channel, idempotency_fingerprint: 'x', processing_mode: taken.processing_mode,
      form: '{}', submitted_at: MONDAY, received_date: '2026-03-02', acceptance_due_date: '2026-03-09', promised_days: taken.promised_days, statutory_days: taken.statutory_days,
      created_at: MONDAY, updated_at: MONDAY,
    };
    const fresh = `S20260302${'1234509876'}0`;
    const draws: string[] = [];
    const draw = () => { const no = draws.length === 0 ? takenNo! : fresh; draws.push(no); return no; };
    const key = randomUUID();
    const row = await t.ctx.db.transaction().execute((tx) => insertCaseRow(tx, { ...rest, idempotency_key: key, query_code: null }, draw));
    assert.ok(row, 'a case is made');
    assert.equal(row.submission_no, fresh, 'with the second draw');
    assert.deepEqual(draws, [takenNo, fresh]);
    assert.equal(await t.ctx.db.selectFrom('cases').select('id').where('submission_no', '=', takenNo!).execute().then((r) => r.length), 1, 'the taken number is still one case');
    // The same applicant and key again: no row, and no further draw after the key is found taken.
    draws.length = 0;
    const again = await t.ctx.db.transaction().execute((tx) => insertCaseRow(tx, { ...rest, idempotency_key: key, query_code: null }, draw));
    assert.equal(again, undefined);
    assert.equal(draws.length, 1);
    assert.equal(await t.ctx.db.selectFrom('cases').select('id').where('applicant_id', '=', rest.applicant_id).where('idempotency_key', '=', key).execute().then((r) => r.length), 1);
  });

  test('the same with the case, its materials and its first audit event in one statement: written once, and not at all for a taken key', async () => {
    // A submitted case with a material (the test above made one without any).
    const taken = await t.ctx.db.selectFrom('cases').selectAll().where('submission_no', 'is not', null).where('parent_id', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('case_materials as m').select('m.case_id').whereRef('m.case_id', '=', 'cases.id')))
      .orderBy('submitted_at').orderBy('id').executeTakeFirstOrThrow();
    const file = await t.ctx.db.selectFrom('case_materials').select(['material_key', 'file_id']).where('case_id', '=', taken.id).executeTakeFirstOrThrow();
    const fresh = `S20260302${'5678901234'}0`;
    const draws: string[] = [];
    const draw = () => { const no = draws.length === 0 ? taken.submission_no! : fresh; draws.push(no); return no; };
    const values = (id: string, key: string) => ({
      id, item_id: taken.item_id, item_version: taken.item_version, center_id: taken.center_id, department_id: taken.department_id, region_code: taken.region_code,
      applicant_id: taken.applicant_id, applicant_name: taken.applicant_name, channel: taken.channel, idempotency_key: key, idempotency_fingerprint: 'x',
      processing_mode: taken.processing_mode, form: '{}', submitted_at: MONDAY, received_date: '2026-03-02', acceptance_due_date: '2026-03-09',
      promised_days: taken.promised_days, statutory_days: taken.statutory_days, created_at: MONDAY, updated_at: MONDAY,
    });
    const event = (id: string) => firstEventRow({ stream: `case:${id}`, action: 'case.submitted', actorId: taken.applicant_id, at: MONDAY, data: { channel: 'online' } });
    const written = async (id: string) => ({
      cases: (await t.ctx.db.selectFrom('cases').select('id').where('id', '=', id).execute()).length,
      materials: (await t.ctx.db.selectFrom('case_materials').select('file_id').where('case_id', '=', id).execute()).length,
      events: (await t.ctx.db.selectFrom('audit_events').select(['seq', 'hash']).where('stream', '=', `case:${id}`).execute()),
    });
    const key = randomUUID();
    const id = randomUUID();
    const materials = [{ key: file.material_key, fileId: file.file_id }];
    const row = await t.ctx.db.transaction().execute((tx) => insertSubmittedCase(tx, values(id, key), materials, event(id), draw));
    assert.equal(row?.id, id);
    assert.equal(row.submission_no, fresh, 'with the second draw');
    assert.deepEqual(await written(id), { cases: 1, materials: 1, events: [{ seq: 1, hash: event(id).hash }] });
    // The same key again, under another id: nothing of it is written, and nothing is drawn after the key is found taken.
    draws.length = 0;
    const other = randomUUID();
    const again = await t.ctx.db.transaction().execute((tx) => insertSubmittedCase(tx, values(other, key), materials, event(other), draw));
    assert.equal(again, undefined);
    assert.equal(draws.length, 1);
    assert.deepEqual(await written(other), { cases: 0, materials: 0, events: [] });
  });
});

describe('online, the item is judged before the idempotency key and the files read with it (one round trip), as when they were read apart', () => {
  const cases = async () => Number((await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  test('an item that does not exist: 404, nothing written', async () => {
    const body = await applicationBody(t.app, company, permitId, randomUUID());
    const before = await cases();
    const res = await company.post('/api/cases', { ...body, itemId: randomUUID() });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.json().code, 'NOT_FOUND');
    assert.equal(await cases(), before);
  });

  test('an item taken out of the hall: 404 for a new key and for the key of a case it already made, nothing written', async () => {
    const body = await applicationBody(t.app, company, permitId, randomUUID());
    assert.equal((await company.post('/api/cases', body)).statusCode, 201);
    const before = await cases();
    await t.owner.updateTable('items').set({ hall_status: 'removed' }).where('id', '=', permitId).execute();
    try {
      for (const key of [body.idempotencyKey, randomUUID()]) {
        const res = await company.post('/api/cases', { ...body, idempotencyKey: key });
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json().code, 'NOT_FOUND');
      }
      assert.equal(await cases(), before);
    } finally {
      await t.owner.updateTable('items').set({ hall_status: 'in_hall' }).where('id', '=', permitId).execute();
    }
    // Back in the hall, the retry answers the case it made, as before.
    assert.equal((await company.post('/api/cases', body)).statusCode, 200);
  });

  test('an item not offered online (the demo blasting licence, counter only): 409 ITEM_NOT_ONLINE, also under the key of a case already made; nothing written', async () => {
    const blasting = await itemIdByName(t.app, '爆破作业单位许可证（营业性）核发', '海南省');
    const made = await applicationBody(t.app, company, permitId, randomUUID());
    assert.equal((await company.post('/api/cases', made)).statusCode, 201);
    const body = await applicationBody(t.app, company, blasting, randomUUID());
    const before = await cases();
    for (const key of [body.idempotencyKey, made.idempotencyKey]) {
      const res = await company.post('/api/cases', { ...body, idempotencyKey: key });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().code, 'ITEM_NOT_ONLINE');
    }
    assert.equal(await cases(), before);
  });
});
