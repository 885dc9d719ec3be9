import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { apiOf, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';
import { assertNoViolations } from './axe.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });


test('an operator takes a call, the duplicate is suggested and merged, one reply reaches both callers', async () => {
  // The first caller appealed from the portal with an account.
  const person = await e.newPage();
  await signInPage(person, '460100199003071237');
  const personApi = await apiOf(person);
  const centers = (await personApi.get('/api/hall/centers')).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;
  const main = await personApi.post('/api/my/appeals', {
    idempotencyKey: randomUUID(), kind: 'complaint', centerId: province, place: '海口市美兰区国兴大道88号工地', topic: '夜间施工噪音扰民', content: '每天夜里十二点后仍在施工，无法入睡',
  });
  const mainOrder = await personApi.get(`/api/workorders/${main.id}`);

  // The second caller phones the hotline; while the operator types, the open order is suggested.
  const op = await e.newPage();
  await signInPage(op, 'hotline1');
  await op.goto('/workbench/hotline');
  await op.getByTestId('hotline-console').waitFor();
  await op.getByTestId('wo-caller-name').fill('李四');
  await op.getByTestId('wo-caller-phone').fill('13698765432');
  await op.getByTestId('wo-place').fill('国兴大道88号工地附近');
  await op.getByTestId('wo-topic').fill('夜间施工噪音太大扰民');
  await op.getByTestId('wo-content').fill('凌晨还在打桩');
  const suggestion = op.getByTestId('wo-suggestion').filter({ hasText: mainOrder.orderNo });
  await suggestion.waitFor();
  await e.shot(op, 'hotline-duplicate-suggested');
  await suggestion.getByTestId('wo-merge').click();
  await op.getByTestId('wo-done').filter({ hasText: mainOrder.orderNo }).waitFor();

  // The main order now counts the merged call; the operator dispatches it to housing.
  await op.goto(`/workbench/workorders/${main.id}`);
  await op.getByTestId('wo-merged-link').filter({ hasText: '李四' }).waitFor();
  await chooseOption(op, 'wo-department', '住房');
  await op.getByTestId('wo-act-submit').click();
  await op.getByTestId('wo-detail-status').filter({ hasText: '已派单' }).waitFor();
  // The history names the department and the due date the dispatch set, and the call merged in.
  await op.getByTestId('wo-history-item').filter({ hasText: '派单 → 已派单' }).getByTestId('wo-history-details').filter({ hasText: /承办部门：.*住房.*；办理期限：\d{4}-\d{2}-\d{2}/ }).waitFor();
  await op.getByTestId('wo-history-item').filter({ hasText: '并入重复诉求' }).getByTestId('wo-history-details').filter({ hasText: /工单：/ }).waitFor();
  const mergedId = (await (await apiOf(op)).get(`/api/workorders/${main.id}`)).merged[0].id as string;

  // The department answers once.
  const dept = await e.newPage();
  await signInPage(dept, 'approver.housing');
  await dept.goto(`/workbench/workorders/${main.id}`);
  await dept.getByTestId('workorder-page').waitFor();
  await chooseOption(dept, 'wo-action', '答复');
  const reply = '已责令工地22时后停止施工，并安排夜间巡查。';
  await dept.getByTestId('wo-field-reply').fill(reply);
  await dept.getByTestId('wo-act-submit').click();
  await dept.getByTestId('wo-detail-status').filter({ hasText: '已答复' }).waitFor();
  await e.shot(dept, 'hotline-replied');

  // Both callers are told: the person in the portal (and the message centre), the phone caller by SMS (once).
  await person.goto(`/my/appeals/${main.id}`);
  await person.getByTestId('appeal-reply').filter({ hasText: reply }).waitFor();
  await op.goto(`/workbench/workorders/${mergedId}`);
  await op.getByTestId('wo-follows').filter({ hasText: reply }).waitFor();
  await e.shot(op, 'hotline-merged-follows');
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    const msgs = await db.query(`SELECT user_id FROM applicant_messages WHERE kind = 'workorder.replied' AND dedupe_key LIKE $1`, [`workorder.reply:${main.id}:%`]);
    assert.equal(msgs.rowCount, 1);
    assert.equal(msgs.rows[0].user_id, personApi.me.id);
    const told = await db.query(`SELECT data FROM workorder_events WHERE order_id = $1 AND action = 'callers_told'`, [main.id]);
    assert.equal(told.rowCount, 1);
    assert.deepEqual(told.rows[0].data.sms.map((c: { orderId: string; phoneMasked: string }) => [c.orderId, c.phoneMasked]), [[mergedId, '136****5432']]);
    const sms = await db.query(`SELECT recipient FROM outbound_messages WHERE dedupe_key = $1`, [`workorder.reply:${main.id}:sms:13698765432`]);
    assert.deepEqual(sms.rows, [{ recipient: '13698765432' }]);
  } finally {
    await db.end();
  }

  // The operator calls back (the main order is closed) and records the phone caller's own evaluation on
  // their merged order; the main order's page shows it beside that caller.
  await (await apiOf(op)).post(`/api/workorders/${main.id}/actions`, { action: 'callback', note: '已回访' });
  await op.goto(`/workbench/workorders/${mergedId}`);
  await op.getByTestId('wo-follows').waitFor();
  await chooseOption(op, 'wo-satisfaction', '不满意');
  await op.getByTestId('wo-act-submit').click();
  await op.getByTestId('wo-action').waitFor({ state: 'detached' });
  await op.goto(`/workbench/workorders/${main.id}`);
  await op.getByTestId('wo-merged-caller').filter({ hasText: '李四' }).filter({ hasText: '不满意' }).waitFor();
  // Their dissatisfaction counts for the main order (docs/hotline.md, "How they count"): tagged on its page, and the lead
  // is offered 重办 although the main order's own caller has not evaluated it; the operator is not.
  await op.getByTestId('wo-round-dissatisfied-tag').filter({ hasText: '合并来电人不满意' }).waitFor();
  const lead = await e.newPage();
  await signInPage(lead, 'hotline.lead');
  await lead.goto(`/workbench/workorders/${main.id}`);
  await lead.getByTestId('wo-round-dissatisfied-tag').waitFor();
  assert.deepEqual((await (await apiOf(lead)).get(`/api/workorders/${main.id}`)).actions.sort(), ['evaluate', 'reopen']);
  assert.ok(!(await (await apiOf(op)).get(`/api/workorders/${main.id}`)).actions.includes('reopen'));
});

/**
 * A person's appeal to the province, dispatched by the operator to the housing department, replied by it and
 * called back: the operator's page and API, the person's, and the department it went to.
 */
async function closedAppeal(appeal: { kind: string; place: string; topic: string; content: string }, reply: string, callback: { note: string; satisfaction?: string }) {
  const person = await e.newPage();
  await signInPage(person, '460100199003071237');
  const personApi = await apiOf(person);
  const centers = (await personApi.get('/api/hall/centers')).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;
  const order = await personApi.post('/api/my/appeals', { idempotencyKey: randomUUID(), centerId: province, ...appeal });
  const op = await e.newPage();
  await signInPage(op, 'hotline1');
  const opApi = await apiOf(op);
  // Only a consultation is answered on the call: the appeal goes to a department, which replies.
  const departments = (await opApi.get('/api/workorders/reference')).departments as Array<{ id: string; name: string }>;
  const housing = departments.find((d) => d.name.includes('住房'))!;
  await opApi.post(`/api/workorders/${order.id}/actions`, { action: 'dispatch', departmentId: housing.id });
  const dept = await e.newPage();
  await signInPage(dept, 'approver.housing');
  await (await apiOf(dept)).post(`/api/workorders/${order.id}/actions`, { action: 'reply', reply });
  await opApi.post(`/api/workorders/${order.id}/actions`, { action: 'callback', ...callback });
  return { order, person, personApi, op, housing };
}

test('a closed order published with its fix shows in the public exposure column, the caller masked, on a phone', async () => {
  const { order, personApi } = await closedAppeal(
    { kind: 'complaint', place: '海口市龙华区滨海大道', topic: '窗口人员推诿不办', content: '窗口说材料不全但说不清缺什么，电话13698760000' },
    '已核实，窗口已一次性告知所缺材料并致歉。', { note: '回访，申请人认可', satisfaction: 'satisfied' },
  );
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  const fix = '中心对窗口人员进行批评教育，推行一次性告知单。';
  // The manager publishes from the order's page: an empty fix is refused on the form, then it is published.
  await manager.goto(`/workbench/workorders/${order.id}`);
  await manager.getByTestId('wo-not-published').waitFor();
  await manager.getByTestId('wo-publish-submit').click();
  await manager.getByTestId('wo-publish-form').locator('.ant-form-item-explain-error').waitFor();
  assert.equal(await manager.getByTestId('wo-not-published').count(), 1, 'nothing published');
  await manager.getByTestId('wo-publish-fix').fill(fix);
  await manager.getByTestId('wo-publish-submit').click();
  await manager.getByTestId('wo-published').waitFor();
  assert.match(await manager.getByTestId('wo-published').innerText(), /中心对窗口人员进行批评教育/);
  assert.equal(await manager.getByTestId('wo-publish-submit').innerText().then((x) => x.replace(/\s/g, '')), '更新公开的整改情况');

  const visitor = await e.newPage({ mobile: true });
  await visitor.goto('/');
  await visitor.getByTestId('footer-exposure').click();
  await visitor.getByTestId('exposure-page').waitFor();
  const row = visitor.locator(`[data-testid="exposure-row"][data-order-no="${(await personApi.get(`/api/workorders/${order.id}`)).orderNo}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('exposure-fix').innerText(), fix);
  const text = await row.innerText();
  assert.ok(!text.includes('13698760000'), 'the phone number in the text is masked');
  assert.ok(!/反映人：[^*\n]{2,}$/m.test(text), 'the caller\'s name is masked');
  assert.ok(await visitor.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), 'no horizontal scroll at phone width');
  await e.shot(visitor, 'hotline-exposure-phone');
});

test('the lead sends an order the caller rated dissatisfied back for re-handling (重办) from its page, with a labelled reason', async () => {
  const { order, person, personApi, op, housing } = await closedAppeal(
    { kind: 'request', place: '海口市龙华区金盘路', topic: '路灯维修后仍不亮', content: '报修后仍然不亮' }, '已安排维修。', { note: '已回访' },
  );
  await personApi.post(`/api/workorders/${order.id}/actions`, { action: 'evaluate', satisfaction: 'dissatisfied' });

  // The operator is offered nothing on an evaluated order; the lead is offered 重办 with its reason field.
  await op.goto(`/workbench/workorders/${order.id}`);
  await op.getByTestId('wo-detail-status').filter({ hasText: '已评价' }).waitFor();
  assert.equal(await op.getByTestId('wo-action').count(), 0);
  const lead = await e.newPage();
  await signInPage(lead, 'hotline.lead');
  // The lead finds it with the list's dissatisfied filter (the candidates for 重办), at phone width too.
  await lead.setViewportSize({ width: 390, height: 844 });
  const { orderNo } = await personApi.get(`/api/workorders/${order.id}`);
  await lead.goto('/workbench/workorders');
  await lead.getByTestId('wo-table').waitFor();
  await lead.getByRole('switch', { name: '评价不满意（可重办）' }).click();
  const row = lead.getByTestId('wo-table').locator('tr').filter({ hasText: orderNo });
  await row.getByTestId('wo-satisfaction-tag').filter({ hasText: '不满意' }).waitFor();
  assert.equal(await lead.getByTestId('wo-disputes').getAttribute('aria-checked'), 'false', 'the disputes switch is turned off');
  await e.shot(lead, 'hotline-dissatisfied-filter');
  await lead.setViewportSize({ width: 1280, height: 800 });
  await row.getByRole('link', { name: orderNo }).click();
  await lead.getByTestId('wo-reopen-hint').waitFor();
  await assertNoViolations(lead, '[data-testid="wo-reopen-hint"]', 'work order re-handling');
  // An empty reason is not sent.
  await lead.getByTestId('wo-act-submit').click();
  await lead.locator('.ant-form-item-explain-error').first().waitFor();
  await lead.getByLabel('重办理由（来电人不满意之处）').fill('来电人反映路灯仍不亮');
  await e.shot(lead, 'hotline-reopen');
  await lead.getByTestId('wo-act-submit').click();
  await lead.getByTestId('wo-detail-status').filter({ hasText: '已派单' }).waitFor();
  const after = await personApi.get(`/api/workorders/${order.id}`);
  assert.equal(after.department.id, housing.id);
  assert.equal(after.satisfaction, null);
  assert.ok(after.events.some((x: { action: string }) => x.action === 'reopen'));
  // The lead's history says what the 重办 recorded: its round, the reason, the evaluation it answers, the department.
  const reopened = lead.getByTestId('wo-history-item').filter({ hasText: '重办 → 已派单' }).getByTestId('wo-history-details');
  await reopened.filter({ hasText: '第 1 次重办' }).filter({ hasText: '理由：来电人反映路灯仍不亮' }).filter({ hasText: '此前评价：不满意' }).waitFor();
  const evaluated = lead.getByTestId('wo-history-item').filter({ hasText: '评价 → 已评价' }).getByTestId('wo-history-details');
  await evaluated.filter({ hasText: '满意度：不满意' }).waitFor();
  // The caller sees it in the history of their appeal.
  await person.goto(`/my/appeals/${order.id}`);
  await person.getByTestId('my-appeal').filter({ hasText: '重办' }).waitFor();
});
