import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 基本编码: one item everywhere. The province's construction permit (basic code 000110001000,
 * statutory 7 / promised 3 working days) is implemented in Haikou; a local center implements the
 * province's basic item with its own elements and cannot give the code to another item.
 */
let t: TestApp;
let manager: Session;
let hkManager: Session;
let hkMarket: string;
let permitId: string;
let basicCode: string;

before(async () => {
  t = await testApp();
  [manager, hkManager] = await Promise.all([signIn(t.app, 'manager'), signIn(t.app, 'hk.manager')]);
  const org = (await hkManager.get('/api/admin/org')).json();
  hkMarket = org.departments.find((d: { name: string }) => d.name === '海口市市场监督管理局').id;
  const found = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}` })).json()
    .items.find((i: { name: string; center: { name: string } }) => i.name === '建筑工程施工许可证核发' && i.center.name.startsWith('海南省'));
  permitId = found.id;
  basicCode = found.basicCode;
});
after(async () => { await t.close(); });

const content = (over: Record<string, unknown> = {}) => ({
  name: '建筑工程施工许可证核发',
  nameEn: 'Issuing the construction permit for building works',
  legalBasis: ['《建筑工程施工许可管理办法》'],
  conditions: ['本地实施条件'],
  materials: [{ key: 'local_form', name: '海口市申请表（本地材料）', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false }],
  procedure: [{ name: '受理', role: 'window' }, { name: '审查', role: 'approver' }, { name: '决定', role: 'chief' }],
  statutoryLimitDays: 7,
  promisedLimitDays: 3,
  processingMode: 'promised',
  visits: 0,
  online: true,
  inHall: true,
  audiences: ['enterprise'],
  themes: ['construction'],
  ...over,
});
const localIdentity = () => ({ departmentId: hkMarket, type: basicCode.slice(2, 4), level: 'city', codeRegion: basicCode.slice(0, 2), codeMain: basicCode.slice(4, 9), codeSub: basicCode.slice(9) });
const total = async (s: Session) => (await s.get('/api/admin/items?pageSize=100')).json().total as number;

describe('basic codes mean one item everywhere', () => {
  test('a local center cannot reuse the province\'s basic code for another item; nothing is written', async () => {
    const before = await total(hkManager);
    const r = await hkManager.post('/api/admin/items', { identity: localIdentity(), content: content({ name: '城市道路挖掘许可' }) });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'BASIC_CODE_OTHER_ITEM');
    assert.equal(r.json().field, 'content.name');
    assert.match(r.json().message.zh, /建筑工程施工许可证核发/);
    assert.match(r.json().message.en, new RegExp(basicCode));
    assert.equal(await total(hkManager), before, 'no item written');
  });

  test('a local implementation keeps its limits within the province\'s basic item', async () => {
    const before = await total(hkManager);
    for (const [over, field] of [[{ promisedLimitDays: 5 }, 'content.promisedLimitDays'], [{ statutoryLimitDays: 10 }, 'content.statutoryLimitDays']] as const) {
      const r = await hkManager.post('/api/admin/items', { identity: localIdentity(), content: content(over) });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().code, 'BASIC_ITEM_LIMITS');
      assert.equal(r.json().field, field);
      assert.match(r.json().message.zh, /法定 7 个工作日，承诺 3 个工作日/);
    }
    assert.equal(await total(hkManager), before);
    // Same name, its own department, materials and shorter promise: a local implementation of the basic item.
    const ok = await hkManager.post('/api/admin/items', { identity: localIdentity(), content: content({ promisedLimitDays: 2 }) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().basicCode, basicCode);
    assert.equal(ok.json().implementationCode.slice(19), basicCode);
    assert.equal(ok.json().implementationCode[18], '3', 'city level');
  });

  test('a draft cannot rename an item whose basic code others carry, nor the basic item shorten its limits below a local one', async () => {
    const created = await hkManager.post('/api/admin/items', { identity: { ...localIdentity(), level: 'county' }, content: content() });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const renamed = await hkManager.put(`/api/admin/items/${id}/draft`, { content: content({ name: '改名后的事项' }) });
    assert.equal(renamed.statusCode, 409);
    assert.equal(renamed.json().code, 'BASIC_CODE_OTHER_ITEM');
    assert.equal((await hkManager.get(`/api/admin/items/${id}/versions/1`)).json().content.name, '建筑工程施工许可证核发', 'the draft is unchanged');

    // The province's basic item: a new version may not promise less than a local implementation (3 days).
    const draft = await manager.post(`/api/admin/items/${permitId}/draft`);
    assert.equal(draft.statusCode, 201, draft.body);
    const version = draft.json().version as number;
    const current = (await manager.get(`/api/admin/items/${permitId}/versions/${version}`)).json().content;
    const shorter = await manager.put(`/api/admin/items/${permitId}/draft`, { content: { ...current, promisedLimitDays: 1 } });
    assert.equal(shorter.statusCode, 400, shorter.body);
    assert.equal(shorter.json().code, 'BASIC_ITEM_LIMITS');
    assert.match(shorter.json().message.en, /cannot be shorter than a local implementation/);
    assert.equal((await manager.get(`/api/admin/items/${permitId}/versions/${version}`)).json().content.promisedLimitDays, current.promisedLimitDays, 'nothing written');
    // Another center's manager cannot edit the province's item at all.
    assert.equal((await hkManager.put(`/api/admin/items/${permitId}/draft`, { content: content() })).statusCode, 403);
  });
});
