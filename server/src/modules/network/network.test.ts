import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The network from province to village (issue 17, docs/network.md): the board rolls a township's
 * case up through the county and the city to the province; every level reads its own center and
 * the centers below, nothing above or beside; a county cannot make or change the province's basic
 * items, and implements them with limits no longer than the province's.
 */
let t: TestApp;
const s = {} as Record<string, Session>;
const LOGINS = ['supervisor', 'manager', 'window1', 'hk.supervisor', 'hk.manager', 'lh.supervisor', 'lh.manager', 'lh.window1', 'zs.supervisor', 'zs.manager', 'dh.window1'];
let person: Session;
let townshipCase: string;
let haikouCase: string;
const center = {} as Record<'province' | 'haikou' | 'longhua' | 'zhongshan' | 'donghu', string>;

before(async () => {
  t = await testApp();
  for (const l of LOGINS) s[l] = await signIn(t.app, l);
  person = await signIn(t.app, DEMO_PERSON.idNumber);
  for (const [key, login] of [['province', 'manager'], ['haikou', 'hk.manager'], ['longhua', 'lh.manager'], ['zhongshan', 'zs.manager'], ['donghu', 'dh.window1']] as const) {
    center[key] = s[login]!.user.centerId!;
  }
  townshipCase = (await submittedCase(t.app, person, await itemIdByName(t.app, '老年人优待证办理', '龙华区中山街道'))).id;
  haikouCase = (await submittedCase(t.app, person, await itemIdByName(t.app, '法律援助申请', '海口'))).id;
});
after(() => t.close());

const board = (who: Session, region?: string) => who.get(`/api/network/board${region ? `?region=${region}` : ''}`);

describe('the board rolls up level by level', () => {
  test('the province drills to the city, the county, the township and its center: the township case counts at every level', async () => {
    const province = (await board(s.supervisor!)).json();
    assert.equal(province.region.code, '460000');
    assert.deepEqual(province.trail.map((r: { code: string }) => r.code), ['460000']);
    assert.equal(province.totals.centers, 5, 'province, Haikou, Longhua, Zhongshan, Donghu');
    const haikouRow = province.children.find((c: { code: string }) => c.code === '460100');
    assert.equal(haikouRow.centers, 4);
    assert.deepEqual(province.centers.map((c: { id: string }) => c.id), [center.province]);

    const city = (await board(s.supervisor!, '460100')).json();
    assert.deepEqual(city.trail.map((r: { code: string }) => r.code), ['460000', '460100']);
    assert.deepEqual(city.children.map((c: { code: string; centers: number }) => [c.code, c.centers]), [['460106', 3]], 'only the regions that hold centers');
    const county = (await board(s.supervisor!, '460106')).json();
    assert.deepEqual(county.centers.map((c: { id: string }) => c.id), [center.longhua]);
    const township = (await board(s.supervisor!, '460106001')).json();
    assert.deepEqual(township.centers.map((c: { id: string; kind: string }) => [c.id, c.kind]), [[center.zhongshan, 'center']]);
    assert.deepEqual(township.children.map((c: { code: string; level: string }) => [c.code, c.level]), [['460106001001', 'village']]);
    const village = (await board(s.supervisor!, '460106001001')).json();
    assert.equal(village.centers[0].kind, 'service_point');

    // The open township case is one of the open cases of each level's row, and the city's sum includes the county's.
    assert.equal(township.totals.open, 1);
    assert.equal(county.children[0].open, 1);
    assert.equal(city.children[0].open, 1);
    assert.equal(haikouRow.open, city.totals.open, 'the province\'s row for Haikou is the city\'s total');
    assert.equal(city.totals.open, county.totals.open + city.centers.reduce((n: number, c: { open: number }) => n + c.open, 0));
    assert.ok(haikouRow.open >= 2, 'the Haikou case and the township case');

    const drill = await s.supervisor!.get(`/api/network/centers/${center.zhongshan}`);
    assert.equal(drill.statusCode, 200, drill.body);
    assert.deepEqual(drill.json().trail.map((r: { code: string }) => r.code), ['460000', '460100', '460106', '460106001']);
    assert.equal(drill.json().figures.open, 1);
    assert.equal(drill.json().cases[0].id, townshipCase);
    assert.equal(drill.json().cases[0].itemName, '老年人优待证办理');
    assert.equal(drill.json().cases[0].applicantName, '张*', 'masked');
    // And the case itself, read by level (no action to take on it).
    assert.equal((await s.supervisor!.get(`/api/cases/${townshipCase}`)).statusCode, 200);
  });

  test('a city and a county start at their own region: their own center and those below', async () => {
    const city = (await board(s['hk.supervisor']!)).json();
    assert.equal(city.region.code, '460100');
    assert.deepEqual(city.trail.map((r: { code: string }) => r.code), ['460100'], 'the trail never shows the province above');
    assert.equal(city.totals.centers, 4);
    const county = (await board(s['lh.manager']!)).json();
    assert.equal(county.totals.centers, 3);
    assert.deepEqual((await board(s['lh.manager']!, '460106001')).json().trail.map((r: { code: string }) => r.code), ['460106', '460106001']);
    assert.equal((await s['lh.supervisor']!.get(`/api/network/centers/${center.donghu}`)).statusCode, 200);
  });
});

describe('scope by level: nothing above, nothing beside', () => {
  test('each level is refused the regions and centers above it and its siblings (403), below is allowed', async () => {
    const expect = async (who: string, url: string, status: number) => assert.equal((await s[who]!.get(url)).statusCode, status, `${who} ${url}`);
    for (const [who, region, status] of [
      ['lh.supervisor', '460100', 403], ['lh.supervisor', '460000', 403], ['lh.supervisor', '460105', 403], ['lh.manager', '460106001', 200],
      ['zs.manager', '460106', 403], ['zs.manager', '460106001001', 200], ['zs.supervisor', '460106001', 200],
      ['hk.supervisor', '460000', 403], ['hk.supervisor', '460106001', 200], ['supervisor', '460106001001', 200],
    ] as const) await expect(who, `/api/network/board?region=${region}`, status);
    for (const [who, c, status] of [
      ['lh.supervisor', 'haikou', 403], ['lh.supervisor', 'province', 403], ['zs.manager', 'longhua', 403], ['zs.manager', 'zhongshan', 200],
      ['hk.manager', 'province', 403], ['hk.manager', 'zhongshan', 200],
    ] as const) await expect(who, `/api/network/centers/${center[c]}`, status);
    // The cases follow the same rule: a county reads its township's case, never the city's; a township not the city's.
    await expect('lh.supervisor', `/api/cases/${townshipCase}`, 200);
    await expect('lh.supervisor', `/api/cases/${haikouCase}`, 403);
    await expect('zs.supervisor', `/api/cases/${haikouCase}`, 403);
    await expect('hk.supervisor', `/api/cases/${townshipCase}`, 200);
  });

  test('only supervisors and managers read the network; clerks, applicants and the public are refused; bad input is 400/404', async () => {
    for (const who of ['window1', 'lh.window1', 'dh.window1']) assert.equal((await board(s[who]!)).statusCode, 403, who);
    assert.equal((await person.get('/api/network/board')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/network/board' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/network/centers/${center.zhongshan}` })).statusCode, 401);
    assert.equal((await person.get('/api/network/implementations')).statusCode, 403);
    assert.equal((await board(s.supervisor!, '469999')).statusCode, 404);
    assert.equal((await board(s.supervisor!, 'x\'; drop')).statusCode, 400);
    assert.equal((await s.supervisor!.get('/api/network/centers/not-a-uuid')).statusCode, 400);
    assert.equal((await s.supervisor!.get('/api/network/centers/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });
});

describe("the province's basic items, implemented below", () => {
  const counts = async () => {
    const [items, versions, audit] = await Promise.all([
      t.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      t.ctx.db.selectFrom('item_versions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return [items.n, versions.n, audit.n].map(Number);
  };
  const basic = async () => {
    const found = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('老年人优待证办理')}` })).json().items
      .find((i: { name: string; center: { name: string } }) => i.center.name.startsWith('海南省'));
    return { id: found.id as string, basicCode: found.basicCode as string };
  };
  const civil = async (who: Session) => ((await who.get('/api/admin/org')).json().departments as Array<{ id: string; name: string }>).find((d) => d.name === '海口市龙华区民政局')!.id;
  const content = (over: Record<string, unknown> = {}) => ({
    name: '老年人优待证办理', nameEn: "Issuing the senior citizen's preferential card", legalBasis: ['《中华人民共和国老年人权益保障法》'], conditions: ['年满60周岁'],
    materials: [{ key: 'id_card', name: '申请人身份证明', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false }],
    procedure: [{ name: '受理', role: 'window' }, { name: '审查', role: 'approver' }, { name: '决定', role: 'chief' }],
    statutoryLimitDays: 10, promisedLimitDays: 3, processingMode: 'promised', visits: 1, online: true, inHall: true, audiences: ['person'], themes: ['civil_affairs'],
    ...over,
  });

  test('a county manager cannot edit, draft, publish or request the province\'s basic item: 403, nothing written', async () => {
    const { id } = await basic();
    const before = await counts();
    for (const [method, url, body] of [
      ['post', `/api/admin/items/${id}/draft`, undefined], ['put', `/api/admin/items/${id}/draft`, { content: content() }],
      ['post', `/api/admin/items/${id}/publish`, { validFrom: '2026-12-01' }], ['post', `/api/admin/items/${id}/requests`, { kind: 'removal', reason: '县级不再办理' }],
    ] as const) {
      const r = await (method === 'put' ? s['lh.manager']!.put(url, body) : s['lh.manager']!.post(url, body));
      assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
      assert.equal(r.json().code, 'FORBIDDEN');
    }
    assert.deepEqual(await counts(), before);
  });

  test('a county cannot create an item at the province\'s (or the city\'s) level: ITEM_LEVEL_ABOVE_CENTER, nothing written', async () => {
    const { basicCode } = await basic();
    const departmentId = await civil(s['lh.manager']!);
    const before = await counts();
    for (const level of ['province', 'city', 'national']) {
      const identity = { departmentId, type: basicCode.slice(2, 4), level, codeRegion: basicCode.slice(0, 2), codeMain: '49001', codeSub: '000' };
      const r = await s['lh.manager']!.post('/api/admin/items', { identity, content: content({ name: '县级自设的省级事项', promisedLimitDays: 9 }) });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().code, 'ITEM_LEVEL_ABOVE_CENTER');
      assert.equal(r.json().field, 'identity.level');
      assert.match(r.json().message.zh, /本中心为县级/);
      assert.match(r.json().message.en, /county-level center cannot create/);
    }
    assert.deepEqual(await counts(), before);
  });

  test('a county implements the basic item with its own department and limits within the province\'s; longer is refused, nothing written', async () => {
    const { basicCode } = await basic();
    const departmentId = await civil(s['lh.manager']!);
    const identity = { departmentId, type: basicCode.slice(2, 4), level: 'county', codeRegion: basicCode.slice(0, 2), codeMain: basicCode.slice(4, 9), codeSub: basicCode.slice(9) };
    const before = await counts();
    const long = await s['lh.manager']!.post('/api/admin/items', { identity, content: content({ promisedLimitDays: 6 }) });
    assert.equal(long.statusCode, 400, long.body);
    assert.equal(long.json().code, 'BASIC_ITEM_LIMITS');
    assert.match(long.json().message.zh, /法定 10 个工作日，承诺 5 个工作日/);
    const renamed = await s['lh.manager']!.post('/api/admin/items', { identity, content: content({ name: '老年人优待证换领' }) });
    assert.equal(renamed.json().code, 'BASIC_CODE_OTHER_ITEM');
    assert.deepEqual(await counts(), before);
    // The demo's own implementation already holds the county's code for this department: same code, same answer.
    const again = await s['lh.manager']!.post('/api/admin/items', { identity, content: content() });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'ITEM_CODE_EXISTS');
    assert.deepEqual(await counts(), before);
  });

  test('the report: which centers of the reader\'s scope implement which basic items', async () => {
    const find = async (who: Session) => (await who.get(`/api/network/implementations?q=${encodeURIComponent('老年人优待证')}`)).json();
    const province = await find(s.manager!);
    const row = province.items.find((i: { name: string }) => i.name === '老年人优待证办理');
    assert.deepEqual(row.implementations.map((i: { centerId: string; level: string; promisedLimitDays: number }) => [i.centerId, i.level, i.promisedLimitDays]),
      [[center.longhua, 'county', 3], [center.zhongshan, 'township', 2]]);
    assert.equal(province.localCenters, 3, 'Haikou, Longhua, Zhongshan (the village point is not a center)');
    assert.equal(row.notImplemented, 1, 'Haikou does not implement it');
    for (const i of row.implementations) assert.ok(i.promisedLimitDays <= row.promisedLimitDays && i.statutoryLimitDays <= row.statutoryLimitDays);
    assert.equal(row.implementations[0].implementationCode.slice(19), row.basicCode);
    const county = (await find(s['lh.supervisor']!)).items.find((i: { name: string }) => i.name === '老年人优待证办理');
    assert.equal(county.implementations.length, 2);
    const township = (await find(s['zs.manager']!)).items.find((i: { name: string }) => i.name === '老年人优待证办理');
    assert.deepEqual(township.implementations.map((i: { centerId: string }) => i.centerId), [center.zhongshan], 'never the county above');
    assert.equal(township.notImplemented, 0);
  });
});
