import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { makeBidKey } from './bid-key-fixture.ts';
import { signIn, uploadMaterial, type Session, type TestApp, testApp } from '../../test/harness.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
let t: TestApp;
let trading: Session; let hkTrading: Session; let housing: Session; let market: Session; let supervisor: Session; let person: Session; let company: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [trading, hkTrading, housing, market, supervisor, person, company] = await Promise.all([
    signIn(t.app, 'trading1'), signIn(t.app, 'hk.trading1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'approver.market'),
    signIn(t.app, 'supervisor'), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const downloads = async () => Number((await t.ctx.db.selectFrom('tender_document_downloads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A published tender of the housing department with one document the enterprise took; its bid key made in draft (2 of 2). */
async function publishedTenderWithDownload() {
  const project = ok(await trading.post('/api/trading/projects', {
    kind: 'construction', code: 'REG-1', name: '下载登记测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K',
    departmentId: housing.user.departmentId, lots: [{ name: '一标段', budgetFen: 100_000_000 }],
  }), 201).id as string;
  const id = ok(await trading.post(`/api/trading/projects/${project}/tenders`, { title: '下载登记测试招标', bidDeadline: new Date(NOW.getTime() + 21 * DAY).toISOString() }), 201).id as string;
  // The approver already holds a share of the demo tender's key: a registered key is kept, not replaced.
  await makeBidKey(trading, housing, id);
  const doc = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: await uploadMaterial(t.app, trading, '招标文件.pdf') }), 201);
  ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'publish' }));
  assert.equal((await company.get(`/api/trading/tenders/${id}/documents/${doc.id}`)).statusCode, 200);
  return id;
}

describe('the download register on the staff console', () => {
  test('the tender says who may read its register (canReadRegister) exactly as the register route answers them (sealed before the opening); a bidder who downloaded is refused and nothing is written', async () => {
    const id = await publishedTenderWithDownload();
    const sessions = { trading, housing, supervisor, market, hkTrading, person, company };
    const expected = { trading: true, housing: true, supervisor: true, market: false, hkTrading: false, person: false, company: false };
    const before = await downloads();
    for (const [who, s] of Object.entries(sessions)) {
      const flag = ok(await s.get(`/api/trading/tenders/${id}`)).canReadRegister as boolean;
      const register = await s.get(`/api/trading/tenders/${id}/downloads`);
      assert.equal(flag, expected[who as keyof typeof expected], `${who}: canReadRegister`);
      // Before the opening (招标投标法 第二十二条) those who may read it are told it is sealed; the others are refused as ever.
      assert.equal(register.statusCode, flag ? 409 : 403, `${who}: the register route agrees with the flag`);
      assert.equal(register.json().code, flag ? 'TENDER_BIDDERS_SEALED' : 'FORBIDDEN', who);
    }
    assert.equal(await downloads(), before, 'reading or being refused the register registers nothing');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}/downloads` })).statusCode, 401);
  });
});
