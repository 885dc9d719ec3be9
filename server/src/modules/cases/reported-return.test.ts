import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, itemIdByName, signIn, submitApplication, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The level above refuses a reported case, or asks for a supplement: the case comes back down to the
 * accepting window with the notice, and a supplement goes up again with the applicant's new files.
 */
let t: TestApp;
let company: Session;
let hkWindow: Session;
let hkApprover: Session;
let hkChief: Session;
let window1: Session;
let chief: Session;
let reportedItem: string;

const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: at('2026-03-02'), env: { SESSION_TTL_HOURS: '100000' } });
  [company, hkWindow, hkApprover, hkChief, window1, chief] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.approver.police'), signIn(t.app, 'hk.chief.police'),
    signIn(t.app, 'window1'), signIn(t.app, 'chief.police'),
  ]);
  reportedItem = await itemIdByName(t.app, '保安服务公司设立许可', '海口');
});
after(async () => { await t.close(); });

const act = caseAction;
const ok = caseActionOk;
const get = async (s: Session, id: string) => (await s.get(`/api/cases/${id}`)).json();

/** A Haikou case of the reported item, forwarded to the province: [lower, upper]. */
async function forwarded(): Promise<[string, string]> {
  const applied = await submitApplication(t.app, company, reportedItem);
  assert.equal(applied.statusCode, 201, applied.body);
  const id = applied.json().case.id as string;
  await ok(hkWindow, id, { action: 'accept' });
  await ok(hkApprover, id, { action: 'review', opinion: '初审：材料齐全，符合条件', proposal: 'approve' });
  const c = await ok(hkChief, id, { action: 'forward', opinion: '经初审符合条件，同意上报' });
  return [id, c.children[0].id as string];
}

describe('the upper level refuses or asks for a supplement', () => {
  test('refused above: the upper case ends refused with a notice; the lower case returns refused and the applicant sees the notice', async () => {
    t.clock.set(at('2026-03-02'));
    const [lowerId, upperId] = await forwarded();
    const upperBefore = await get(window1, upperId);
    assert.ok(upperBefore.allowedActions.includes('refuse'));
    assert.ok(upperBefore.allowedActions.includes('request_supplement'));
    t.clock.set(at('2026-03-03'));
    const refused = await ok(window1, upperId, { action: 'refuse', reason: '申请事项不属于本级受理范围的情形已消除，注册资本不符合规定', remedies: '可自收到本通知之日起六十日内申请行政复议' });
    assert.equal(refused.status, 'refused');
    assert.ok(refused.documents.some((d: { kind: string }) => d.kind === 'refusal'), 'the upper case has its refusal notice');

    const lower = await get(company, lowerId);
    assert.equal(lower.status, 'refused');
    const back = lower.timeline.find((e: { action: string }) => e.action === 'case.return_refused');
    assert.ok(back, 'the applicant sees the refusal coming back');
    assert.equal(back.data.upperCaseId, upperId);
    assert.match(back.data.reason, /注册资本不符合规定/);
    assert.match(back.data.reason, /海南省政务服务中心/);
    const doc = lower.documents.find((d: { kind: string }) => d.kind === 'refusal');
    assert.ok(doc, 'the lower case carries the refusal notice');
    const pdf = await company.get(doc.url);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const told = (await hkWindow.get('/api/notifications')).json();
    assert.ok(JSON.stringify(told).includes(lowerId), 'the lower window is told');
    // Nothing left to act on above or below.
    assert.equal((await act(chief, upperId, { action: 'decide', result: 'approved', reason: '同意' })).statusCode, 409);
    assert.deepEqual((await get(hkWindow, lowerId)).allowedActions.filter((a: string) => a !== 'terminate'), []);
  });

  test('supplement above: the notice goes down, the applicant answers on the lower case, and the case goes up again', async () => {
    t.clock.set(at('2026-03-02'));
    const [lowerId, upperId] = await forwarded();
    const upper = await get(window1, upperId);
    const key = upper.materials.find((m: { files: unknown[] }) => m.files.length > 0).key as string;
    t.clock.set(at('2026-03-03'));
    const asked = await ok(window1, upperId, { action: 'request_supplement', items: [{ key, reason: '请提供加盖公章的原件扫描件' }], note: '省级审查需要' });
    assert.equal(asked.status, 'supplement_requested');

    const lower = await get(company, lowerId);
    assert.equal(lower.status, 'supplement_requested', 'back down at the accepting window');
    assert.equal(lower.supplement.items.length, 1);
    assert.equal(lower.supplement.items[0].key, key);
    assert.match(lower.supplement.items[0].reason, /原件扫描件/);
    assert.ok(lower.documents.some((d: { kind: string }) => d.kind === 'supplement'), 'the applicant has the notice');
    assert.ok(lower.timeline.some((e: { action: string }) => e.action === 'case.return_supplement'));
    assert.ok(lower.allowedActions.includes('resubmit'));
    assert.ok(JSON.stringify((await hkWindow.get('/api/notifications')).json()).includes(lowerId), 'the lower window is told');

    // The applicant's supplement goes up: the lower case is forwarded again, the upper one back at the province's intake.
    t.clock.set(at('2026-03-04'));
    const fileId = await uploadMaterial(t.app, company, '补正材料.pdf');
    const again = await ok(company, lowerId, { action: 'resubmit', materials: [{ key, fileId }] });
    assert.equal(again.status, 'forwarded');
    assert.equal(again.acceptedDate, lower.acceptedDate, 'the lower acceptance stands');
    assert.equal(again.acceptanceDueDate, lower.acceptanceDueDate);
    const up = await get(window1, upperId);
    assert.equal(up.status, 'submitted');
    assert.equal(up.acceptanceDueDate, '2026-03-11', 'a new acceptance period above, from the supplement (2026-03-04)');
    assert.ok(up.materials.find((m: { key: string }) => m.key === key).files.some((f: { id: string }) => f.id === fileId), 'the new file reached the upper case');
    await ok(window1, upperId, { action: 'accept' });
  });

  test('the lower level cannot act on the upper case; the window above refuses only within its own rows; nothing is written', async () => {
    t.clock.set(at('2026-03-02'));
    const [lowerId, upperId] = await forwarded();
    const before = await get(window1, upperId);
    const lowerBefore = await get(hkWindow, lowerId);
    for (const [who, body] of [
      [hkWindow, { action: 'refuse', reason: '下级越级不予受理', remedies: '行政复议' }],
      [hkWindow, { action: 'request_supplement', items: [{ key: 'x', reason: '下级越级补正' }] }],
      [hkChief, { action: 'refuse', reason: '下级越级不予受理', remedies: '行政复议' }],
      [company, { action: 'refuse', reason: '申请人越权', remedies: '行政复议' }],
    ] as const) {
      const r = await act(who, upperId, body);
      assert.ok([403, 404].includes(r.statusCode), `${r.statusCode} ${r.body}`);
    }
    // The approver above is not the window: refusing is the window's act.
    const notWindow = await act(chief, upperId, { action: 'refuse', reason: '审批人不予受理', remedies: '行政复议' });
    assert.equal(notWindow.statusCode, 403);
    // A resubmission of the lower case while nothing was asked: refused by state.
    const early = await act(company, lowerId, { action: 'resubmit', materials: [{ key: 'x', fileId: await uploadMaterial(t.app, company, '未要求.pdf') }] });
    assert.equal(early.statusCode, 409);
    const after = await get(window1, upperId);
    assert.equal(after.status, before.status);
    assert.equal(after.timeline.length, before.timeline.length, 'no event on the upper case');
    const lowerAfter = await get(hkWindow, lowerId);
    assert.equal(lowerAfter.status, 'forwarded');
    assert.equal(lowerAfter.timeline.length, lowerBefore.timeline.length, 'no event on the lower case');
    // After acceptance above, neither refusal nor supplement notice (the acceptance period is over for the upper case).
    await ok(window1, upperId, { action: 'accept' });
    const late = await act(window1, upperId, { action: 'refuse', reason: '受理后不予受理', remedies: '行政复议' });
    assert.equal(late.statusCode, 409);
    assert.equal((await get(hkWindow, lowerId)).status, 'forwarded');
  });

  test('a lower case sent back for a supplement and then withdrawn ends its upper case too', async () => {
    t.clock.set(at('2026-03-02'));
    const [lowerId, upperId] = await forwarded();
    const key = (await get(window1, upperId)).materials.find((m: { files: unknown[] }) => m.files.length > 0).key;
    await ok(window1, upperId, { action: 'request_supplement', items: [{ key, reason: '请补充' }] });
    await ok(company, lowerId, { action: 'withdraw', reason: '不再申请' });
    assert.equal((await get(window1, upperId)).status, 'terminated');
  });
});
