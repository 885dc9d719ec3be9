// File names are cleaned on upload (file-name.ts): no bidirectional controls, no control characters,
// no path separators, whatever the uploader sends, through the API and in the function itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { cleanFileName } from './file-name.ts';

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060-\u2064\ufeff\\/]/;

let t: TestApp;
let person: Session;
before(async () => {
  t = await testApp();
  person = await signIn(t.app, DEMO_PERSON.idNumber);
});
after(async () => { await t.close(); });

test('every bidirectional control is removed: a right-to-left override cannot disguise an extension', () => {
  assert.equal(cleanFileName('invoice\u202Efdp.exe', 'x'), 'invoicefdp.exe');
  for (const c of BIDI) assert.equal(cleanFileName(`营业${c}执照.pdf`, 'x'), '营业执照.pdf', `U+${c.codePointAt(0)!.toString(16)}`);
});

test('control characters and separators become _, ends are trimmed, the length is cut on a character', () => {
  assert.equal(cleanFileName('a\u0000b\u001fc\u007fd\u0085e.pdf', 'x'), 'a_b_c_d_e.pdf');
  assert.equal(cleanFileName('../../etc/passwd', 'x'), '_.._etc_passwd');
  assert.equal(cleanFileName('..', 'file.pdf'), 'file.pdf');
  assert.equal(cleanFileName('\u202e\u200b', 'file.pdf'), 'file.pdf');
  assert.equal(cleanFileName(' 申请表.pdf. ', 'x'), '申请表.pdf');
  const long = cleanFileName('😀'.repeat(300), 'x');
  assert.equal(Array.from(long).length, 200);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(long), 'no surrogate pair cut in half');
  assert.equal(cleanFileName('e\u0301.pdf', 'x'), 'é.pdf', 'NFC');
});

test('uploaded through the API, a name with bidi and control characters is stored and served cleaned', async () => {
  const names = ['合同\u202Efdp.exe', 'a\u2066b\u2069c.pdf', '\u200f身份证\u200e.pdf', 'x\u0001y\u007f.pdf', 'scan\u061c\u2067.pdf'];
  for (const raw of names) {
    const id = await uploadMaterial(t.app, person, raw);
    const row = await t.ctx.db.selectFrom('files').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(!FORBIDDEN.test(row.name), `${JSON.stringify(raw)} stored as ${JSON.stringify(row.name)}`);
    assert.ok(row.name.length > 0);
    const got = await t.app.inject({ method: 'GET', url: `/api/files/${id}`, headers: { cookie: person.cookie } });
    assert.equal(got.statusCode, 200);
    const disposition = decodeURIComponent(String(got.headers['content-disposition']).replace(/^.*UTF-8''/, ''));
    assert.ok(!FORBIDDEN.test(disposition), disposition);
  }
  const id = await uploadMaterial(t.app, person, '合同\u202Efdp.exe');
  assert.equal((await t.ctx.db.selectFrom('files').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name, '合同fdp.exe');
  // An ordinary Chinese name is kept as it was.
  const plain = await uploadMaterial(t.app, person, '营业执照（副本）.pdf');
  assert.equal((await t.ctx.db.selectFrom('files').select('name').where('id', '=', plain).executeTakeFirstOrThrow()).name, '营业执照（副本）.pdf');
});
