import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { fixtureLicence, fixtureLicenceType } from '../../test/elicence-fixture.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 12, the holder's wallet: my licences (persons and enterprises), detail with versions, the
 * signed PDF, and share links (token shown once, hash stored, expiry within the maximum, revocable,
 * counted; the public page masks the holder's code). Nobody but the holder reads a wallet.
 */
let t: TestApp;
let company: Session;
let person: Session;
let window1: Session;
let companyLicence: { id: string; number: string };
let personLicence: { id: string; number: string };
let revokedLicence: { id: string; number: string };
const PDF = Buffer.from('%PDF-1.4\n% signed licence for the wallet test\n%%EOF\n');

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  person = await signIn(t.app, DEMO_PERSON.idNumber);
  window1 = await signIn(t.app, 'window1');
  const biz = await fixtureLicenceType(t.ctx.db, { code: 'wallet_biz', holderType: 'credit_code' });
  const id = await fixtureLicenceType(t.ctx.db, { code: 'wallet_person', holderType: 'id_number', department: '海南省住房和城乡建设厅' });
  const stored = await t.ctx.storage.putBuffer(PDF);
  const file = await t.ctx.db.insertInto('files').values({ sha256: stored.sha256, name: '营业执照.pdf', mime: 'application/pdf', size: stored.size, storage_key: stored.key })
    .returning('id').executeTakeFirstOrThrow();
  const asCompany = { typeId: biz.id, departmentId: biz.departmentId, holderName: DEMO_ENTERPRISE.name, holderCodeType: 'credit_code' as const, holderCode: DEMO_ENTERPRISE.creditCode };
  companyLicence = await fixtureLicence(t.ctx.db, { ...asCompany, issueDate: '2026-03-01', fileId: file.id });
  revokedLicence = await fixtureLicence(t.ctx.db, { ...asCompany, issueDate: '2025-03-01', status: 'revoked' });
  personLicence = await fixtureLicence(t.ctx.db, { typeId: id.id, departmentId: id.departmentId, holderName: DEMO_PERSON.name, holderCodeType: 'id_number', holderCode: DEMO_PERSON.idNumber });
});
after(() => t.close());

describe('my licences', () => {
  test('each holder lists their own, newest first, and can filter to those valid today of given types', async () => {
    // The demo data may hold licences of its own for the demo applicants: the expected list is the library's, by holder code.
    const heldBy = async (code: string) => (await t.ctx.db.selectFrom('elicences').select('id').where('holder_code', '=', code)
      .orderBy('issue_date', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    const companyIds = await heldBy(DEMO_ENTERPRISE.creditCode);
    assert.ok(companyIds.indexOf(companyLicence.id) < companyIds.indexOf(revokedLicence.id), 'the newer first');
    const mine = (await company.get('/api/wallet/licences?pageSize=100')).json();
    assert.deepEqual(mine.licences.map((l: { id: string }) => l.id), companyIds);
    assert.equal(mine.total, companyIds.length);
    const statusOf = (id: string) => mine.licences.find((l: { id: string }) => l.id === id).statusNow;
    assert.deepEqual([statusOf(companyLicence.id), statusOf(revokedLicence.id)], ['valid', 'revoked']);
    const usable = (await company.get('/api/wallet/licences?status=valid&types=wallet_biz,other')).json();
    assert.deepEqual(usable.licences.map((l: { id: string }) => l.id), [companyLicence.id]);
    assert.deepEqual((await company.get('/api/wallet/licences?types=wallet_person')).json().licences, []);
    const paged = (await company.get('/api/wallet/licences?pageSize=1&page=2')).json();
    assert.deepEqual([paged.licences.map((l: { id: string }) => l.id), paged.total], [[companyIds[1]], companyIds.length]);
    const personIds = (await person.get('/api/wallet/licences?pageSize=100')).json().licences.map((l: { id: string }) => l.id);
    assert.deepEqual(personIds, await heldBy(DEMO_PERSON.idNumber));
    assert.ok(personIds.includes(personLicence.id) && !personIds.includes(companyLicence.id), "a person's wallet holds theirs, not the company's");
  });

  test('detail with versions and the signed PDF, for the holder only', async () => {
    const d = await company.get(`/api/wallet/licences/${companyLicence.id}`);
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().holder.code, DEMO_ENTERPRISE.creditCode, 'the holder sees the code whole');
    assert.deepEqual(d.json().versions.map((v: { event: string }) => v.event), ['issued']);
    const pdf = await company.get(`/api/wallet/licences/${companyLicence.id}/file`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.deepEqual(pdf.rawPayload, PDF);
    assert.equal((await company.get(`/api/wallet/licences/${revokedLicence.id}/file`)).statusCode, 404, 'no file stored');

    // Another applicant: the licence does not exist for them. Staff: no wallet reads at all.
    for (const url of [`/api/wallet/licences/${companyLicence.id}`, `/api/wallet/licences/${companyLicence.id}/file`, `/api/wallet/licences/${companyLicence.id}/uses`, `/api/wallet/licences/${companyLicence.id}/reads`, `/api/wallet/licences/${companyLicence.id}/shares`]) {
      assert.equal((await person.get(url)).statusCode, 404, url);
      assert.equal((await window1.get(url)).statusCode, 403, url);
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401, url);
    }
    assert.equal((await window1.get('/api/wallet/licences')).statusCode, 403, 'staff never list or search licences');
    assert.equal((await company.get(`/api/wallet/licences/${randomUUID()}`)).statusCode, 404);
  });
});

describe('share links', () => {
  const shareCount = async () => Number((await t.ctx.db.selectFrom('elicence_shares').select(t.ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  test('a link shows the licence masked with its status now; only the hash is stored; views are counted', async () => {
    const res = await company.post(`/api/wallet/licences/${companyLicence.id}/shares`, { hours: 24 });
    assert.equal(res.statusCode, 201, res.body);
    const { token, path, expiresAt, id } = res.json();
    assert.equal(path, `/licence-share/${token}`);
    assert.equal(expiresAt, '2026-11-24T02:00:00.000Z');
    const row = await t.ctx.db.selectFrom('elicence_shares').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.ok(!JSON.stringify(row).includes(token), 'the token itself is not stored');
    assert.ok(!(await company.get(`/api/wallet/licences/${companyLicence.id}/shares`)).body.includes(token), 'nor shown again');

    const open = await t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${token}` });
    assert.equal(open.statusCode, 200, open.body);
    assert.notEqual(open.json().licence.holder.code, DEMO_ENTERPRISE.creditCode);
    assert.match(open.json().licence.holder.code, /^.{6}\*{8}.{4}$/);
    assert.ok(!open.body.includes(DEMO_ENTERPRISE.creditCode), 'the full code appears nowhere');
    assert.equal(open.json().licence.statusNow, 'valid');
    assert.equal(open.json().views, 1);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${token}` })).json().views, 2);

    // The status shown is the status now: revoked after the link was made, it says so.
    await t.ctx.db.updateTable('elicences').set({ status: 'revoked', status_changed_at: new Date('2026-11-23T03:00:00Z') }).where('id', '=', companyLicence.id).execute();
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${token}` })).json().licence.statusNow, 'revoked');
    await t.ctx.db.updateTable('elicences').set({ status: 'valid', status_changed_at: null }).where('id', '=', companyLicence.id).execute();
  });

  test("the public page masks the holder's ID number, a person's name and phone wherever the licence prints them, not only in the holder block", async () => {
    // The demo birth certificate prints 监护人身份证号 from applicant.code: the same number the holder block masks.
    const type = await fixtureLicenceType(t.ctx.db, { code: 'wallet_printed_id', holderType: 'id_number' });
    await t.ctx.db.updateTable('licence_types').set({
      fields: JSON.stringify([
        { key: 'guardian', label: '监护人', source: 'applicant.name' },
        { key: 'guardianId', label: '监护人身份证号', source: 'applicant.code' },
        { key: 'phone', label: '联系电话', source: 'applicant.phone' },
        { key: 'note', label: '备注', source: 'form.note' },
      ]) as never,
    }).where('id', '=', type.id).execute();
    const l = await fixtureLicence(t.ctx.db, { typeId: type.id, departmentId: type.departmentId, holderName: DEMO_PERSON.name, holderCodeType: 'id_number', holderCode: DEMO_PERSON.idNumber });
    const otherId = '460100198001011236';
    await t.ctx.db.updateTable('elicences').set({
      data: JSON.stringify({ guardian: DEMO_PERSON.name, guardianId: DEMO_PERSON.idNumber, phone: DEMO_PERSON.phone, note: `监护人${DEMO_PERSON.name}，代办人 ${otherId}，电话 13700001111` }) as never,
    }).where('id', '=', l.id).execute();
    const own = (await person.get(`/api/wallet/licences/${l.id}`)).json();
    assert.equal(own.data.find((f: { key: string }) => f.key === 'guardianId').value, DEMO_PERSON.idNumber, 'the holder sees the number whole');
    assert.equal(own.holder.name, DEMO_PERSON.name, 'the holder sees the name whole');
    assert.equal(own.data.find((f: { key: string }) => f.key === 'guardian').value, DEMO_PERSON.name);

    const share = await person.post(`/api/wallet/licences/${l.id}/shares`, { hours: 1 });
    assert.equal(share.statusCode, 201, share.body);
    const open = await t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${share.json().token}` });
    assert.equal(open.statusCode, 200, open.body);
    for (const secret of [DEMO_PERSON.idNumber, DEMO_PERSON.phone, otherId, '13700001111', DEMO_PERSON.name]) assert.ok(!open.body.includes(secret), `${secret} appears on the public page`);
    const printed = Object.fromEntries(open.json().licence.data.map((f: { key: string; value: string }) => [f.key, f.value]));
    // A person's name as the verification page shows it (张*), in the holder block and the printed fields.
    assert.equal(open.json().licence.holder.name, '张*');
    assert.equal(printed.guardian, '张*');
    assert.match(printed.note, /^监护人张\*，/);
    assert.equal(printed.guardianId, open.json().licence.holder.code, 'masked like the holder block');
    assert.equal(printed.phone, '138****1234');
  });

  test('expired and revoked links are refused; expiry is bounded; only the holder shares or revokes', async () => {
    const make = async (hours: number) => (await company.post(`/api/wallet/licences/${companyLicence.id}/shares`, { hours })).json();
    const short = await make(1);
    const revoked = await make(48);
    const open = (token: string) => t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${token}` });
    assert.equal((await open(short.token)).statusCode, 200);

    const before = await shareCount();
    assert.equal((await person.post(`/api/wallet/licences/${companyLicence.id}/shares`, { hours: 1 })).statusCode, 404, 'not my licence');
    assert.equal((await window1.post(`/api/wallet/licences/${companyLicence.id}/shares`, { hours: 1 })).statusCode, 403);
    assert.equal((await person.post(`/api/wallet/licences/${companyLicence.id}/shares/${revoked.id}/revoke`)).statusCode, 404);
    const tooLong = await company.post(`/api/wallet/licences/${companyLicence.id}/shares`, { hours: 721 });
    assert.deepEqual([tooLong.statusCode, tooLong.json().code], [400, 'VALIDATION_FAILED']);
    assert.equal(await shareCount(), before, 'nothing written');

    const r = await company.post(`/api/wallet/licences/${companyLicence.id}/shares/${revoked.id}/revoke`);
    assert.deepEqual([r.statusCode, r.json().state], [200, 'revoked']);
    const refused = await open(revoked.token);
    assert.deepEqual([refused.statusCode, refused.json().code], [410, 'ELICENCE_SHARE_REVOKED']);

    t.clock.set(new Date('2026-11-23T03:00:01Z'));
    try {
      const expired = await open(short.token);
      assert.deepEqual([expired.statusCode, expired.json().code], [410, 'ELICENCE_SHARE_EXPIRED']);
      const list = (await company.get(`/api/wallet/licences/${companyLicence.id}/shares`)).json().shares;
      assert.equal(list.find((s: { id: string }) => s.id === short.id).state, 'expired');
      assert.equal(list.find((s: { id: string }) => s.id === short.id).views, 1, 'a refused view is not counted');
    } finally {
      t.clock.set(new Date('2026-11-23T02:00:00Z'));
    }
    assert.equal((await open('A'.repeat(43))).statusCode, 404, 'an unknown token');
    assert.equal((await open('short')).statusCode, 400, 'a malformed token');
  });
});
