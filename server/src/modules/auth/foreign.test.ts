import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkPassport, checkPermanentResidence } from '../../lib/foreign-identity.ts';
import { idCheckDigit } from '../../lib/identity.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { itemIdByName, signIn, submittedCase, testApp, type TestApp } from '../../test/harness.ts';

/** Foreign applicants (issue 17, docs/portal.md "Foreign applicants"): registration by passport or permanent resident ID card, bilingual documents. */
let t: TestApp;
before(async () => { t = await testApp({ env: { SESSION_TTL_HOURS: '100000' } }); });
after(() => t.close());

const TODAY = new Date('2026-11-23T02:00:00Z');
/** A 2023 card: 9, the issuing province, the ISO numeric nationality, the birth date, a sequence, MOD 11-2. */
const card2023 = (province: string, numeric: string, birth: string, seq = '001') => {
  const first17 = `9${province}${numeric}${birth}${seq}`;
  return first17 + idCheckDigit(first17);
};
const register = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/register-foreign', payload });
const userCount = async () => Number((await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const base = { name: 'John Smith', phone: '+447700900123', password: 'Secret123' };

describe('the identity documents', () => {
  test('a 2023 permanent resident ID card: 18 characters starting with 9, province, ISO numeric nationality, birth date, MOD 11-2', () => {
    const good = card2023('11', '840', '19850214');
    assert.deepEqual(checkPermanentResidence('USA', good, TODAY), { ok: true, number: good });
    assert.deepEqual(checkPermanentResidence('USA', good.toLowerCase(), TODAY), { ok: true, number: good });
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    assert.deepEqual(checkPermanentResidence('USA', wrongCheck, TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_CHECK_DIGIT' });
    assert.deepEqual(checkPermanentResidence('GBR', good, TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_NATIONALITY' });
    assert.deepEqual(checkPermanentResidence('USA', card2023('99', '840', '19850214'), TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_REGION' });
    assert.deepEqual(checkPermanentResidence('USA', card2023('11', '840', '19850230'), TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_BIRTH_DATE' });
    assert.deepEqual(checkPermanentResidence('USA', card2023('11', '840', '20270101'), TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_BIRTH_DATE' });
    assert.deepEqual(checkPermanentResidence('USA', card2023('11', '999', '19850214'), TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_NATIONALITY' });
    // A citizen's number (first digit 1–8) is not a foreigner's card.
    assert.deepEqual(checkPermanentResidence('USA', DEMO_PERSON.idNumber, TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_FORMAT' });
  });

  test('a 2017 permanent resident ID card: 3 letters of the nationality and 12 digits', () => {
    assert.deepEqual(checkPermanentResidence('CAN', 'CAN318502140017', TODAY), { ok: true, number: 'CAN318502140017' });
    assert.deepEqual(checkPermanentResidence('CAN', 'USA318502140017', TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_NATIONALITY' });
    assert.deepEqual(checkPermanentResidence('CAN', 'CAN998502140017', TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_REGION' });
    assert.deepEqual(checkPermanentResidence('CAN', 'CAN311302310017', TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_BIRTH_DATE' });
    assert.deepEqual(checkPermanentResidence('CAN', 'CAN31850214001', TODAY), { ok: false, rule: 'PERMANENT_RESIDENCE_FORMAT' });
  });

  test('a passport: an ISO 3166-1 alpha-3 nationality other than China and 5–20 letters or digits', () => {
    assert.deepEqual(checkPassport('GBR', ' 12345 6789 '), { ok: true, number: '123456789' });
    assert.deepEqual(checkPassport('DEU', 'c01x00t47'), { ok: true, number: 'C01X00T47' });
    assert.deepEqual(checkPassport('XXX', 'C01X00T47'), { ok: false, rule: 'FOREIGN_DOC_NATIONALITY' });
    assert.deepEqual(checkPassport('CHN', 'E12345678'), { ok: false, rule: 'FOREIGN_DOC_NATIONALITY' });
    assert.deepEqual(checkPassport('GB', 'C01X00T47'), { ok: false, rule: 'FOREIGN_DOC_NATIONALITY' });
    assert.deepEqual(checkPassport('GBR', 'A1'), { ok: false, rule: 'PASSPORT_NUMBER_FORMAT' });
    assert.deepEqual(checkPassport('GBR', 'A1<<2345'), { ok: false, rule: 'PASSPORT_NUMBER_FORMAT' });
  });
});

describe('registration', () => {
  test('a passport holder registers once and signs in with the passport number', async () => {
    const res = await register({ ...base, nationality: 'gbr', docKind: 'passport', docNumber: '533401372' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().user.kind, 'person');
    const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', res.json().user.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.foreign_doc_kind, row.foreign_doc_number, row.nationality, row.id_number], ['passport', '533401372', 'GBR', null]);
    const s = await signIn(t.app, '533401372', 'Secret123');
    assert.equal(s.user.id, res.json().user.id);
    const n = await userCount();
    const again = await register({ ...base, nationality: 'GBR', docKind: 'passport', docNumber: '533 401 372' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'FOREIGN_DOC_EXISTS');
    assert.equal(await userCount(), n);
  });

  test('a permanent resident ID card holder (2023 card) registers and signs in with the card number', async () => {
    const number = card2023('46', '392', '19790601', '017');
    const res = await register({ ...base, name: 'Tanaka Yuki', nationality: 'JPN', docKind: 'permanent_residence', docNumber: number });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await signIn(t.app, number, 'Secret123')).user.id, res.json().user.id);
  });

  test('each refused document names its rule in Chinese and English, and nothing is written', async () => {
    const before = await userCount();
    const bad: Array<[object, string, string]> = [
      [{ nationality: 'XYZ', docKind: 'passport', docNumber: 'E1234567' }, 'FOREIGN_DOC_NATIONALITY', 'nationality'],
      [{ nationality: 'CHN', docKind: 'passport', docNumber: 'E1234567' }, 'FOREIGN_DOC_NATIONALITY', 'nationality'],
      [{ nationality: 'USA', docKind: 'passport', docNumber: '12' }, 'PASSPORT_NUMBER_FORMAT', 'docNumber'],
      [{ nationality: 'USA', docKind: 'permanent_residence', docNumber: 'ABC' }, 'PERMANENT_RESIDENCE_FORMAT', 'docNumber'],
      [{ nationality: 'USA', docKind: 'permanent_residence', docNumber: card2023('11', '826', '19850214') }, 'PERMANENT_RESIDENCE_NATIONALITY', 'docNumber'],
      [{ nationality: 'USA', docKind: 'permanent_residence', docNumber: card2023('11', '840', '19850214').slice(0, 17) + 'Y' }, 'PERMANENT_RESIDENCE_FORMAT', 'docNumber'],
    ];
    for (const [doc, code, field] of bad) {
      const res = await register({ ...base, ...doc });
      assert.equal(res.statusCode, 400, JSON.stringify(doc));
      assert.equal(res.json().code, code, res.body);
      assert.equal(res.json().field, field);
      assert.ok(res.json().message.zh && res.json().message.en);
    }
    for (const junk of [{}, { ...base, docKind: 'visa', nationality: 'USA', docNumber: 'E1234567' }, { ...base, nationality: 'USA', docKind: 'passport', docNumber: 'E1234567', phone: 'call me' }]) {
      assert.equal((await register(junk)).statusCode, 400);
    }
    assert.equal(await userCount(), before);
  });
});

describe('documents', () => {

  test('a foreign applicant\'s receipt is in Chinese and English, the Chinese authoritative; a citizen\'s stays Chinese', async () => {
    const reg = await register({ ...base, name: 'Maria Garcia', nationality: 'ESP', docKind: 'passport', docNumber: 'PAB123456' });
    assert.equal(reg.statusCode, 201, reg.body);
    const foreigner = await signIn(t.app, 'PAB123456', 'Secret123');
    const citizen = await signIn(t.app, DEMO_PERSON.idNumber);
    const window1 = await signIn(t.app, 'window1');
    const itemId = await itemIdByName(t.app, '婚姻登记档案查询', '海南省');
    const texts = [];
    for (const s of [foreigner, citizen]) {
      const c = await submittedCase(t.app, s, itemId);
      const accepted = await window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      texts.push(await caseDocumentText(s, c.id, 'receipt', ' '));
    }
    const [foreign, chinese] = texts as [string, string];
    assert.match(foreign, /受理凭证/);
    assert.match(foreign, /Acceptance Receipt/);
    assert.match(foreign, /Applicant/);
    assert.match(foreign, /accepted the application on \d{1,2} \w+ 2026/);
    assert.match(foreign, /authoritative/);
    assert.match(foreign, /以中文文本为准/);
    assert.match(chinese, /受理凭证/);
    assert.doesNotMatch(chinese, /Acceptance Receipt|authoritative/);
  });
});
