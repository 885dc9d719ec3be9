import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { chinaDate } from '../../lib/clock.ts';
import { sm2PublicKeyOf, sm2Verify } from '../../lib/sm2.ts';
import { housingCast, receiveMaterials, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { decryptPrivateKey, sealMasterKey } from './seal-keystore.ts';
import { signDocument } from './signing.ts';

/**
 * E-seals through the API: four eyes on creation and rotation (refusals write nothing), the
 * private keys never answered nor audited, a seal signing only for its own body, rotation keeping
 * old signatures valid, and a real signed PDF (the decision letter) verified byte for byte.
 */
let t: TestApp;
let manager: Session, manager2: Session, hkManager: Session, chief: Session;
let org: { departments: Array<{ id: string; centerId: string; name: string }> };
/** Every body the API answered in this file: none may hold a private key. */
const answers: string[] = [];
const keep = (r: LightMyRequestResponse) => { answers.push(r.body); return r; };

before(async () => {
  t = await testApp({ env: { VERIFY_RATE_PER_MINUTE: '1000' } });
  [manager, manager2, hkManager, chief] = await Promise.all([signIn(t.app, 'manager'), signIn(t.app, 'manager2'), signIn(t.app, 'hk.manager'), signIn(t.app, 'chief.housing')]);
  org = (await manager.get('/api/admin/org')).json();
});
after(() => t.close());

const dept = (name: string, centerId = manager.user.centerId) => org.departments.find((d) => d.centerId === centerId && d.name.includes(name))!;
const count = async (table: 'seal_requests' | 'seal_keys' | 'seals' | 'signed_documents' | 'audit_events') =>
  Number((await t.owner.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const counts = async () => Object.fromEntries(await Promise.all((['seal_requests', 'seal_keys', 'seals', 'signed_documents', 'audit_events'] as const).map(async (k) => [k, await count(k)])));

describe('four eyes on seals', () => {
  test('the demo departments have seals, published with their public keys; a public list needs no sign-in', async () => {
    const list = keep(await t.app.inject({ method: 'GET', url: '/api/public/seals?pageSize=100' }));
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.ok(body.total >= 12, `${body.total} seals`);
    const housing = body.items.find((s: { departmentId: string }) => s.departmentId === dept('住房').id);
    assert.ok(housing, 'the housing department has a seal');
    assert.match(housing.keys[0].publicKey, /^04[0-9a-f]{128}$/);
    assert.match(housing.keys[0].publicKeyPem, /BEGIN PUBLIC KEY/);
    const svg = await t.app.inject({ method: 'GET', url: housing.imageUrl });
    assert.equal(svg.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.ok(svg.body.includes(housing.holderName));
  });

  test('the requester cannot approve their own request (FOUR_EYES), another center cannot, a chief cannot request; nothing is written', async () => {
    const market = dept('市场');
    const before = await counts();
    const byChief = await chief.post('/api/seals/requests', { departmentId: market.id, kind: 'rotate', reason: '密钥到期' });
    assert.equal(byChief.statusCode, 403);
    const otherCenter = await hkManager.post('/api/seals/requests', { departmentId: market.id, kind: 'rotate', reason: '密钥到期' });
    assert.equal(otherCenter.statusCode, 403);
    const exists = await manager.post('/api/seals/requests', { departmentId: market.id, kind: 'create', reason: '新建', validFrom: '2026-01-01', validTo: '2030-12-31' });
    assert.equal(exists.json().code, 'SEAL_EXISTS');
    assert.deepEqual(await counts(), before, 'refusals write nothing');

    const req = keep(await manager.post('/api/seals/requests', { departmentId: market.id, kind: 'rotate', reason: '密钥到期轮换' }));
    assert.equal(req.statusCode, 201, req.body);
    const id = req.json().id;
    const again = await manager2.post('/api/seals/requests', { departmentId: market.id, kind: 'rotate', reason: '再次申请' });
    assert.equal(again.json().code, 'SEAL_REQUEST_PENDING');

    const afterRequest = await counts();
    const own = await manager.post(`/api/seals/requests/${id}/decision`, { approve: true });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().code, 'FOUR_EYES');
    const foreign = await hkManager.post(`/api/seals/requests/${id}/decision`, { approve: true });
    assert.equal(foreign.statusCode, 403);
    assert.notEqual(foreign.json().code, 'FOUR_EYES');
    const publicTry = await t.app.inject({ method: 'POST', url: `/api/seals/requests/${id}/decision`, payload: { approve: true } });
    assert.equal(publicTry.statusCode, 401, publicTry.body);
    assert.deepEqual(await counts(), afterRequest, 'no key, no decision, no audit event');
    const row = await t.owner.selectFrom('seal_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');

    const ok = keep(await manager2.post(`/api/seals/requests/${id}/decision`, { approve: true, reason: '同意' }));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'approved');
    const twice = await manager2.post(`/api/seals/requests/${id}/decision`, { approve: false });
    assert.equal(twice.json().code, 'SEAL_REQUEST_DECIDED');
    const seal = keep(await t.app.inject({ method: 'GET', url: `/api/public/seals/${ok.json().sealId}` })).json();
    assert.equal(seal.currentVersion, 2);
    assert.deepEqual(seal.keys.map((k: { version: number; retiredAt: string | null }) => [k.version, k.retiredAt === null]), [[1, false], [2, true]], 'the old key stays published, retired');
    const listed = keep(await manager.get('/api/seals/requests?status=approved&pageSize=100'));
    assert.ok(listed.json().items.some((r: { id: string }) => r.id === id));
    assert.equal((await chief.get('/api/seals/requests')).statusCode, 403);
  });

  test('a bad request never gives a 500', async () => {
    for (const body of [{}, { departmentId: 'x', kind: 'create', reason: 'ab' }, { departmentId: dept('教育').id, kind: 'create', reason: '新建印章', validFrom: '2027-01-01', validTo: '2026-01-01' }, { departmentId: dept('教育').id, kind: 'mint', reason: 'xx' }]) {
      const r = await manager.post('/api/seals/requests', body);
      assert.equal(r.statusCode, 400, r.body);
    }
  });
});

describe('a seal request that cannot be right', () => {
  test('a validity ending before today is refused (SEAL_VALIDITY_PAST), for a new seal and a rotation; nothing is written', async () => {
    const today = chinaDate(t.clock.now());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await counts();
    for (const body of [
      { departmentId: dept('民政').id, kind: 'rotate', reason: '密钥轮换', validTo: yesterday },
      { departmentId: dept('民政').id, kind: 'create', reason: '新建印章', validFrom: '2020-01-01', validTo: yesterday },
    ]) {
      const r = await manager.post('/api/seals/requests', body);
      // A create for a department that has a seal is SEAL_EXISTS first; the rotation reaches the date.
      if (body.kind === 'create') { assert.equal(r.json().code, 'SEAL_EXISTS', r.body); continue; }
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual([r.json().code, r.json().field], ['SEAL_VALIDITY_PAST', 'validTo']);
      assert.ok(r.json().message.zh && r.json().message.en);
    }
    assert.deepEqual(await counts(), before);
    // Ending today is still a validity.
    const ok = keep(await manager.post('/api/seals/requests', { departmentId: dept('民政').id, kind: 'rotate', reason: '密钥轮换', validTo: today }));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((await manager2.post(`/api/seals/requests/${ok.json().id}/decision`, { approve: false, reason: '无需轮换' })).statusCode, 200);
  });

  test('two requests for one department at once: one is kept, the other is SEAL_REQUEST_PENDING, never a 500', async () => {
    const body = { departmentId: dept('司法').id, kind: 'rotate', reason: '密钥到期轮换' };
    const answers = await Promise.all([manager.post('/api/seals/requests', body), manager2.post('/api/seals/requests', body), manager.post('/api/seals/requests', body)]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 409, 409], answers.map((a) => a.body).join('\n'));
    for (const a of answers.filter((x) => x.statusCode === 409)) assert.equal(a.json().code, 'SEAL_REQUEST_PENDING');
    const pending = await t.owner.selectFrom('seal_requests').select('id').where('department_id', '=', body.departmentId).where('status', '=', 'pending').execute();
    assert.equal(pending.length, 1);
  });
});

describe('signing', () => {
  test('a seal signs only for its own body; rotation keeps old signatures verifiable', async () => {
    const housing = dept('住房');
    const market = dept('市场');
    const marketSeal = await t.owner.selectFrom('seals').select('id').where('department_id', '=', market.id).executeTakeFirstOrThrow();
    const before = await counts();
    await assert.rejects(
      t.ctx.db.transaction().execute((tx) => signDocument(t.ctx, tx, { bodyId: housing.id, sealId: marketSeal.id, kind: 'elicence', ref: 'x-1', bytes: Buffer.from('licence') })),
      (e: Error & { code?: string }) => e.code === 'SEAL_WRONG_BODY',
    );
    assert.deepEqual(await counts(), before, 'nothing written');

    const v1 = await t.ctx.db.transaction().execute((tx) => signDocument(t.ctx, tx, { bodyId: housing.id, kind: 'elicence', ref: 'lic-1@1', bytes: Buffer.from('licence one') }));
    assert.equal(v1.keyVersion, 1);
    // The signed data names the seal, its key version, the time (the injected clock) and the SM3 digest.
    const data = JSON.parse(v1.signedData);
    assert.equal(data.eseal.keyVersion, 1);
    assert.equal(data.timeInfo, t.clock.now().toISOString());
    assert.equal(data.dataHash.algorithm, 'SM3');
    assert.equal(data.dataHash.value, v1.digest);
    assert.equal(data.signatureAlgorithm.signerId, '1234567812345678');

    const req = await manager.post('/api/seals/requests', { departmentId: housing.id, kind: 'rotate', reason: '年度轮换' });
    assert.equal((await manager2.post(`/api/seals/requests/${req.json().id}/decision`, { approve: true })).statusCode, 200);
    const v2 = await t.ctx.db.transaction().execute((tx) => signDocument(t.ctx, tx, { bodyId: housing.id, kind: 'elicence', ref: 'lic-1@2', bytes: Buffer.from('licence two') }));
    assert.equal(v2.keyVersion, 2);
    for (const s of [v1, v2]) {
      const r = keep(await t.app.inject({ method: 'GET', url: `/api/public/verifications/${s.verificationId}` }));
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().signatureValid, true, `version ${s.keyVersion} still verifies`);
      assert.equal(r.json().documentIntact, null);
    }
    // The signature checks out under the PUBLISHED key (anyone can do this) and fails under the other version's.
    const seal = (await t.app.inject({ method: 'GET', url: `/api/public/seals/${v1.sealId}` })).json();
    const key = (v: number) => seal.keys.find((k: { version: number }) => k.version === v).publicKey;
    assert.equal(sm2Verify(key(1), v1.signedData, Buffer.from(v1.signature, 'base64')), true);
    assert.equal(sm2Verify(key(2), v1.signedData, Buffer.from(v1.signature, 'base64')), false);

    // A tampered record (the signed data edited in the database) no longer verifies.
    await t.owner.updateTable('signed_documents').set({ signed_data: v1.signedData.replace(v1.digest, '0'.repeat(64)), digest: '0'.repeat(64) }).where('verification_id', '=', v1.verificationId).execute();
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/verifications/${v1.verificationId}` })).json().signatureValid, false);
  });

  test('a seal outside its validity does not sign', async () => {
    const housing = dept('住房');
    await t.owner.updateTable('seals').set({ valid_to: '2026-01-31' }).where('department_id', '=', housing.id).execute();
    try {
      await assert.rejects(
        t.ctx.db.transaction().execute((tx) => signDocument(t.ctx, tx, { bodyId: housing.id, kind: 'elicence', ref: 'late', bytes: Buffer.from('x') })),
        (e: Error & { code?: string }) => e.code === 'SEAL_NOT_VALID_NOW',
      );
    } finally {
      await t.owner.updateTable('seals').set({ valid_to: '2036-12-31' }).where('department_id', '=', housing.id).execute();
    }
  });
});

describe('a signed decision letter, verified', () => {
  let pdf: Buffer;
  let company: Session;
  test('the letter is signed once and served byte for byte; it shows the seal and renders', async () => {
    const cast = await housingCast(t.app);
    company = cast.company;
    const id = (await submittedCase(t.app, company, cast.permitId)).id;
    await receiveMaterials(cast.window1, id);
    const act = (s: Session, body: object) => s.post(`/api/cases/${id}/actions`, body);
    assert.equal((await act(cast.window1, { action: 'accept' })).statusCode, 200);
    assert.equal((await act(cast.approver, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' })).statusCode, 200);
    const decided = await act(cast.chief, { action: 'decide', result: 'approved', reason: '符合法定条件' });
    assert.equal(decided.statusCode, 200, decided.body);

    const first = await company.get(`/api/cases/${id}/documents/decision`);
    assert.equal(first.statusCode, 200);
    pdf = first.rawPayload;
    t.clock.advance(3600_000);
    const second = await cast.chief.get(`/api/cases/${id}/documents/decision`);
    assert.ok(second.rawPayload.equals(pdf), 'the kept bytes, not a new rendering');
    const rows = await t.owner.selectFrom('signed_documents').selectAll().where('kind', '=', 'decision').where('ref', '=', id).execute();
    assert.equal(rows.length, 1);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealed-'));
    try {
      fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
      const text = execFileSync('pdftotext', [path.join(dir, 'd.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      assert.ok(text.includes(`扫码验证${rows[0]!.verification_id}`), text);
      assert.ok(text.endsWith('2026年11月23日'), 'the letter still ends with its date');
      assert.ok(text.includes('住房'), 'the seal names its holder');
      execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', path.join(dir, 'd.pdf'), path.join(dir, 'p')]);
      const png = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
      assert.ok(fs.statSync(path.join(dir, png)).size > 2000, 'page 1 renders');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('upload: the intact PDF verifies; one changed byte fails; the holder is masked; no sign-in', async () => {
    const upload = (bytes: Buffer) => {
      const boundary = '----sealtest';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({ method: 'POST', url: '/api/public/verifications', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const ok = keep(await upload(pdf));
    assert.equal(ok.statusCode, 200, ok.body);
    const r = ok.json();
    assert.equal(r.signatureValid, true);
    assert.equal(r.documentIntact, true);
    assert.equal(r.kind, 'decision');
    assert.equal(r.status.code, 'valid');
    assert.match(r.issuer.name, /住房/);
    assert.equal(r.holder.kind, 'enterprise');
    assert.match(r.holder.code, /^\w{6}\*+\w{4}$/, 'the credit code is masked');

    // One byte changed in the middle of the file (not in the id it names): found, signature valid, document NOT intact.
    const changed = Buffer.from(pdf);
    const at = Math.floor(changed.length / 2);
    changed[at] = changed[at]! ^ 0x01;
    const bad = keep(await upload(changed));
    assert.equal(bad.statusCode, 200, bad.body);
    assert.equal(bad.json().documentIntact, false);
    assert.notEqual(bad.json().uploadedDigest, r.digest);
    // A file that names no signature at all.
    const unknown = await upload(Buffer.from('%PDF-1.7\nnot signed here\n%%EOF'));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'SIGNED_DOCUMENT_UNKNOWN');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/public/verifications', payload: { file: 'x' } })).json().code, 'MULTIPART_REQUIRED');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/verifications/not-an-id' })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/verifications/ZZZZZZZZZZZZZZZZ' })).statusCode, 404);
  });

  test('no API answer and no audit event holds a private key; the database holds them only encrypted', async () => {
    const keys = await t.owner.selectFrom('seal_keys').selectAll().execute();
    const master = sealMasterKey(t.config.sealKeyFile);
    const audit = (await t.owner.selectFrom('audit_events').select('data').execute()).map((e) => JSON.stringify(e.data)).join('\n');
    const said = answers.join('\n');
    assert.ok(answers.length >= 8);
    for (const k of keys) {
      const priv = decryptPrivateKey(master, `${k.seal_id}#${k.version}`, k.private_key_enc);
      assert.equal(sm2PublicKeyOf(priv), k.public_key, 'the stored key decrypts to the pair of its public key');
      assert.ok(!k.private_key_enc.includes(priv));
      for (const text of [said, audit]) {
        assert.ok(!text.toLowerCase().includes(priv), 'a private key leaked');
        assert.ok(!text.includes(k.private_key_enc.split('.')[3]!), 'an encrypted key leaked');
      }
    }
    // Bound to its row: a key record moved to another seal does not decrypt.
    const [a, b] = keys;
    assert.throws(() => decryptPrivateKey(master, `${b!.seal_id}#${b!.version}`, a!.private_key_enc));
  });
});

test('public verification is rate-limited per address', async () => {
  const small = await testApp({ env: { VERIFY_RATE_PER_MINUTE: '3' } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await small.app.inject({ method: 'GET', url: '/api/public/verifications/ZZZZZZZZZZZZZZZZ' })).statusCode);
    assert.deepEqual(codes, [404, 404, 404, 429]);
  } finally {
    await small.close();
  }
});
