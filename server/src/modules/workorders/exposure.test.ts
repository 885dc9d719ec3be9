import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let op: Session, housing: Session, manager: Session, lead: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [op, housing, manager, lead] = await Promise.all([signIn(t.app, 'hotline1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'manager'), signIn(t.app, 'hotline.lead')]);
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const act = (s: Session, id: string, body: object) => s.post(`/api/workorders/${id}/actions`, body);
const exposed = async () => ok(await t.app.inject({ method: 'GET', url: '/api/public/exposure?pageSize=100' })).rows as { id: string; reply: string; fix: string }[];
const publication = (id: string) => t.ctx.db.selectFrom('work_orders').select(['published_at', 'published_fix', 'row_version']).where('id', '=', id).executeTakeFirstOrThrow();

describe('the exposure column masks personal numbers in its free text with the one public-text rule (lib/mask.ts)', () => {
  test("no house number, phone, ID, bank card or e-mail reaches the public JSON; a year, an amount and a case number stay", async () => {
    const id = ok(await op.post('/api/workorders', {
      kind: 'complaint', callerName: '孙八', callerPhone: '13912345678', place: '龙华区幸福路',
      topic: '幸福路12号3栋502室楼上漏水',
      content: '我住幸福路12号3栋502室，2026年交了300元维修费，受理编号4601002026123456780，邮箱 sunba@163.com，'
        + '邻居电话13822223333，物业座机0898-66667777，身份证46010019900307123X，退款卡号6222 0212 3456 7890 123',
    }), 201).id as string;
    ok(await act(op, id, { action: 'dispatch', departmentId: housing.user.departmentId }));
    ok(await act(housing, id, { action: 'reply', reply: '已到幸福路12号3栋502室查看，已致电13822223333，维修费300元已退至6222021234567890123' }));
    ok(await act(op, id, { action: 'callback', note: '回访满意', satisfaction: 'satisfied' }));
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '已修复；业主邮箱 sunba@163.com 已告知' }));

    const res = await t.app.inject({ method: 'GET', url: '/api/public/exposure?pageSize=100' });
    const row = ok(res).rows.find((r: { id: string }) => r.id === id);
    assert.ok(row, 'published');
    const body = JSON.stringify(row);
    for (const secret of ['12号', '3栋', '502室', '13822223333', '66667777', '46010019900307123X', '0212 3456 7890', '6222021234567890123', 'sunba@', '13912345678', '孙八']) {
      assert.ok(!body.includes(secret), `${secret} is not public: ${body}`);
    }
    assert.equal(row.topic, '幸福路**号*栋***室楼上漏水');
    for (const kept of ['2026年', '300元', '4601002026123456780', '@163.com', '幸福路']) assert.ok(row.content.includes(kept), `${kept} stays: ${row.content}`);
    assert.match(row.reply, /已到幸福路\*\*号\*栋\*\*\*室查看，已致电138\*\*\*\*3333，维修费300元已退至\*{15}0123$/);
    // Staff read the order whole: the operator calls back and the department goes there.
    assert.equal(ok(await manager.get(`/api/workorders/${id}`)).topic, '幸福路12号3栋502室楼上漏水');
  });
});

describe('an order handled again (重办) leaves the exposure column until it is closed again and published again', () => {
  test('re-handling withdraws the entry, publishing during it is refused (409 WORKORDER_STATE, nothing written), and the new fix is published after', async () => {
    const id = ok(await op.post('/api/workorders', { kind: 'request', callerName: '周九', callerPhone: '13912340000', place: '美兰区海甸岛', topic: '路灯不亮', content: '路口路灯一周不亮' }), 201).id as string;
    ok(await act(op, id, { action: 'dispatch', departmentId: housing.user.departmentId }));
    ok(await act(housing, id, { action: 'reply', reply: '已报修。' }));
    ok(await act(op, id, { action: 'callback', note: '已回访' }));
    assert.equal(ok(await manager.get(`/api/workorders/${id}`)).canPublish, true, 'offered to the manager on a closed order');
    assert.equal(ok(await op.get(`/api/workorders/${id}`)).canPublish, false, 'not to the operator');
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '已报修路灯' }));
    assert.ok((await exposed()).some((r) => r.id === id), 'published');

    ok(await act(op, id, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.ok((await exposed()).some((r) => r.id === id), 'an evaluation alone does not withdraw it');
    const reopened = ok(await act(lead, id, { action: 'reopen', reason: '路灯仍不亮，退回重办' }));
    assert.equal(reopened.status, 'dispatched');
    assert.equal(reopened.publishedAt, null);
    assert.equal(reopened.publishedFix, null);
    assert.equal(ok(await manager.get(`/api/workorders/${id}`)).canPublish, false, 'not offered while it is handled again');
    assert.ok(!(await exposed()).some((r) => r.id === id), 'not public while it is handled again');
    const e = reopened.events.find((x: { action: string }) => x.action === 'reopen');
    assert.equal(e.data.withdrawnPublication.fix, '已报修路灯', 'the history keeps what was published');

    const before = await publication(id);
    const refused = await manager.post(`/api/workorders/${id}/publish`, { fix: '已更换灯具' });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'WORKORDER_STATE');
    assert.deepEqual(await publication(id), before, 'nothing written');

    ok(await act(housing, id, { action: 'reply', reply: '已更换灯具并复查。' }));
    ok(await act(op, id, { action: 'callback', note: '已回访' }));
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '已更换灯具' }));
    const row = (await exposed()).find((r) => r.id === id);
    assert.deepEqual([row?.reply, row?.fix], ['已更换灯具并复查。', '已更换灯具'], 'the new round and its fix');
  });
});
