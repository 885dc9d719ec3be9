import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let manager: Session;
before(async () => {
  t = await testApp({ env: { UPLOAD_MAX_BYTES: String(64 * 1024) } });
  manager = await signIn(t.app, 'manager');
});
after(async () => { await t.close(); });

function multipart(name: string, mime: string, data: Buffer) {
  const boundary = '----ow' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(s: Session, name: string, mime: string, data: Buffer) {
  const m = multipart(name, mime, data);
  return t.app.inject({ method: 'POST', url: '/api/admin/files', payload: m.payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': m.contentType } });
}

const fileRows = async () => Number((await t.ctx.db.selectFrom('files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const tmpFiles = () => fs.readdirSync(path.join(t.config.filesDir, 'tmp'), { withFileTypes: true }).length;
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size, 0x20)]);

test('a PDF template uploads, is stored under its SHA-256, and downloads byte for byte', async () => {
  const data = pdf(2000);
  const r = await upload(manager, '申请表.pdf', 'application/pdf', data);
  assert.equal(r.statusCode, 201, r.body);
  const { id, size } = r.json();
  assert.equal(size, data.length);
  const got = await t.app.inject({ method: 'GET', url: `/api/files/${id}` });
  assert.equal(got.statusCode, 200);
  assert.deepEqual(got.rawPayload, data);
  assert.match(String(got.headers['content-disposition']), /filename\*=UTF-8''%E7%94%B3/);
});

test('a file over the limit is refused and nothing is stored', async () => {
  const before = await fileRows();
  const r = await upload(manager, 'big.pdf', 'application/pdf', pdf(70 * 1024));
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'FILE_TOO_LARGE');
  assert.equal(await fileRows(), before);
  assert.equal(tmpFiles(), 0, 'the partial file was deleted');
});

test('a forbidden type, or bytes that do not match the declared type, are refused', async () => {
  const before = await fileRows();
  const exe = await upload(manager, 'tool.exe', 'application/x-msdownload', Buffer.from('MZ....'));
  assert.equal(exe.statusCode, 400);
  assert.equal(exe.json().code, 'FILE_TYPE_REFUSED');
  const fake = await upload(manager, 'fake.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>'.repeat(10)));
  assert.equal(fake.json().code, 'FILE_TYPE_REFUSED');
  assert.equal(await fileRows(), before);
});

test('only managers upload', async () => {
  const applicant = await signIn(t.app, DEMO_PERSON.idNumber);
  const r = await upload(applicant, 'a.pdf', 'application/pdf', pdf(10));
  assert.equal(r.statusCode, 403);
  const anon = await t.app.inject({ method: 'POST', url: '/api/admin/files', ...(() => { const m = multipart('a.pdf', 'application/pdf', pdf(10)); return { payload: m.payload, headers: { 'content-type': m.contentType } }; })() });
  assert.equal(anon.statusCode, 401);
});

test('an unknown file is 404, a malformed id 400', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/files/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  const traversal = await t.app.inject({ method: 'GET', url: '/api/files/../../etc/passwd' });
  assert.doesNotMatch(traversal.body, /root:.*:0:0:/, 'the path is normalised, never read from disk');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/files/abc' })).statusCode, 400);
});

test('an applicant uploads a material privately; a forbidden type or an oversized one is refused and nothing stored', async () => {
  const applicant = await signIn(t.app, DEMO_PERSON.idNumber);
  const send = (name: string, mime: string, data: Buffer) => {
    const m = multipart(name, mime, data);
    return t.app.inject({ method: 'POST', url: '/api/files', payload: m.payload, headers: { cookie: applicant.cookie, 'x-csrf-token': applicant.csrf, 'content-type': m.contentType } });
  };
  const ok = await send('身份证.pdf', 'application/pdf', pdf(100));
  assert.equal(ok.statusCode, 201, ok.body);
  assert.match(ok.json().sha256, /^[0-9a-f]{64}$/);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/files/${ok.json().id}` })).statusCode, 403, 'not public');
  assert.equal((await applicant.get(`/api/files/${ok.json().id}`)).statusCode, 200);
  const before = await fileRows();
  assert.equal((await send('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', Buffer.from('PK\u0003\u0004xxxxxxxxxxxxxxxx'))).json().code, 'FILE_TYPE_REFUSED', 'materials are scans and PDFs');
  assert.equal((await send('big.pdf', 'application/pdf', pdf(70 * 1024))).json().code, 'FILE_TOO_LARGE');
  assert.equal(await fileRows(), before);
  assert.equal(tmpFiles(), 0);
});
