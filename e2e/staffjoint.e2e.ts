import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { DEMO_ENTERPRISE } from '../server/src/seed/seed.ts';
import { chooseOption } from './antd.ts';
import { apiOf, samplePdf, signInPage, startE2E, walkInFor, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const FOOD = '食品经营许可';
const HYGIENE = '公共场所卫生许可';

/** Opens an Ant Design Select by its test id, types to narrow it when asked, and clicks the option holding `text`. */
const choose = (page: Page, testid: string, text: string, type = false) => chooseOption(page, testid, text, { type });

/** Saves a screenshot of every open page when a step fails, then fails as it would have. */
async function step<T>(pages: Page[], name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    for (const [i, p] of pages.entries()) await e.shot(p, `staffjoint-failed-${name}-${i}`).catch(() => {});
    throw err;
  }
}

/** A walk-in case of a Haikou item registered and accepted at the window through the API; returns its id. */
async function acceptedCase(clerk: Page, itemName: string, applicantName: string, seq: string) {
  const api = await apiOf(clerk);
  const found = await api.get(`/api/items?q=${encodeURIComponent(itemName)}&centerId=${api.me.centerId}`);
  const itemId = found.items.find((i: { name: string }) => i.name === itemName).id as string;
  const def = await api.get(`/api/items/${itemId}/form`);
  const form: Record<string, string> = {};
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of def.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await api.upload() });
  const created = await api.post('/api/counter/cases', {
    itemId, form, materials, idempotencyKey: randomUUID(),
    applicant: walkInFor((await api.get(`/api/items/${itemId}/guide`)).version.content.audiences, applicantName, seq, '13976000003'),
  });
  await api.post(`/api/cases/${created.case.id}/actions`, { action: 'accept' });
  return created.case.id as string;
}

/** Signs in on a phone-sized page straight into `next` (the name in the header is in the drawer there). */
async function signInPhone(page: Page, login: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

test('a manager defines and publishes a joint matter of two Haikou items in the editor, and the portal lists it', async () => {
  const page = await e.newPage();
  await signInPage(page, 'hk.manager');
  await page.goto('/admin/joint');
  await page.getByTestId('jm-page').waitFor();
  await page.getByTestId('jm-new').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="new"]').waitFor();

  await page.getByTestId('jm-key').fill('e2e-restaurant');
  await page.getByTestId('jm-name').fill('开餐馆一件事（测试）');
  await page.getByTestId('jm-name-en').fill('Opening a restaurant (test)');

  // One question; the hygiene licence applies only when the answer is "yes".
  await page.getByTestId('jm-question-add').click();
  await page.getByTestId('jm-question-0-key').fill('has_lodging');
  await page.getByTestId('jm-question-0-label').fill('是否同时提供住宿');
  await page.getByTestId('jm-question-0-label-en').fill('Do you also offer lodging?');

  await choose(page, 'jm-item-0', FOOD, true);
  await choose(page, 'jm-item-1', HYGIENE, true);
  await page.getByTestId('jm-item-1-when-conditional').click();
  await choose(page, 'jm-item-1-when-anyof', '是');
  await page.keyboard.press('Escape');
  await choose(page, 'jm-lead', '海口市市场监督管理局');
  await page.getByTestId('jm-promised-days').fill('15');

  // The server's refusal lands on the field it names: with the food licence swapped for the fire check,
  // the market regulator chosen as lead implements none of the items.
  await choose(page, 'jm-item-0', '公众聚集场所投入使用、营业前消防安全检查', true);
  await page.getByTestId('jm-save').click();
  await page.locator('[data-testid="error-alert"][data-code="LEAD_NOT_INVOLVED"]').waitFor();
  const leadItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('jm-lead') });
  assert.match((await leadItem.getAttribute('class')) ?? '', /ant-form-item-has-error/);
  assert.equal(await page.getByTestId('jm-edit-page').getAttribute('data-status'), 'new', 'nothing was created');
  await e.shot(page, 'staffjoint-editor-error');
  await choose(page, 'jm-item-0', FOOD, true);

  // One shared form field and one shared material, each standing for both items'.
  await page.getByTestId('jm-field-add').click();
  await page.getByTestId('jm-field-0-key').fill('companyName');
  await page.getByTestId('jm-field-0-label').fill('单位名称');
  await choose(page, 'jm-field-0-source-0-item', FOOD);
  await choose(page, 'jm-field-0-source-0-field', '单位名称');
  await page.getByTestId('jm-field-0-source-add').click();
  await choose(page, 'jm-field-0-source-1-item', HYGIENE);
  await choose(page, 'jm-field-0-source-1-field', '单位名称');

  await page.getByTestId('jm-material-add').click();
  await page.getByTestId('jm-material-0-key').fill('licence');
  await page.getByTestId('jm-material-0-name').fill('营业执照');
  await choose(page, 'jm-material-0-source-0-item', FOOD);
  await choose(page, 'jm-material-0-source-0-material', '营业执照');
  await page.getByTestId('jm-material-0-source-add').click();
  await choose(page, 'jm-material-0-source-1-item', HYGIENE);
  await choose(page, 'jm-material-0-source-1-material', '营业执照');
  await e.shot(page, 'staffjoint-editor');

  await page.getByTestId('jm-save').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="draft"]').waitFor();
  const matterId = await page.getByTestId('jm-edit-page').getAttribute('data-matter-id');
  assert.match(matterId ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(new URL(page.url()).pathname, `/admin/joint/${matterId}`);

  // Published through its confirmation. The clean-clone CI of f4f0aaa lost the confirmation once (the page, just
  // moved to the matter's own address by the save, settling under load closed the popover): confirmed again while
  // the matter is still a draft and no refusal is shown, at most three times. A refusal fails at once with its code.
  const published = page.locator('[data-testid="jm-edit-page"][data-status="published"]');
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('jm-publish').click();
    await page.getByTestId('jm-publish-confirm').click();
    const outcome = await Promise.race([
      published.waitFor({ timeout: 10_000 }).then(() => 'published'),
      page.locator('[data-testid="jm-actions"] [data-testid="error-alert"]').waitFor({ timeout: 10_000 }).then(() => 'refused'),
    ]).catch(() => 'lost');
    if (outcome === 'published') break;
    assert.notEqual(outcome, 'refused', `publishing refused: ${await page.locator('[data-testid="jm-actions"] [data-testid="error-alert"]').getAttribute('data-code')}`);
    assert.equal(await page.getByTestId('jm-edit-page').getAttribute('data-status'), 'draft', 'not published and not a draft');
    assert.ok(attempt < 3, 'the confirmation was lost three times');
  }
  await e.shot(page, 'staffjoint-published');

  const api = await apiOf(page);
  const listed = await api.get(`/api/joint/matters?centerId=${api.me.centerId}`);
  const m = listed.matters.find((x: { id: string }) => x.id === matterId);
  assert.ok(m, 'the published matter is on the portal list');
  assert.equal(m.key, 'e2e-restaurant');
  assert.equal(m.itemCount, 2);
  assert.equal(m.leadDepartment.name, '海口市市场监督管理局');
  const detail = await api.get(`/api/joint/matters/${matterId}`);
  assert.equal(detail.promisedDays, 15);
  assert.deepEqual(detail.items.map((i: { name: string }) => i.name), [FOOD, HYGIENE]);
  assert.deepEqual(detail.items[1].when, { question: 'has_lodging', anyOf: ['yes'] });

  // The editor at phone width: the whole definition readable without sideways scrolling.
  const phone = await e.newPage({ mobile: true });
  await signInPhone(phone, 'hk.manager', `/admin/joint/${matterId}`);
  await phone.locator('[data-testid="jm-edit-page"][data-status="published"]').waitFor();
  assert.equal(await phone.getByTestId('jm-item-row').count(), 2);
  assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'no sideways scrolling at phone width');
  await e.shot(phone, 'staffjoint-editor-phone');
  await phone.getByTestId('lang-switch').first().click();
  await phone.locator('[data-testid="lang-switch"][data-lang="en"]').first().waitFor();
  assert.match(await phone.getByTestId('jm-fields-block').innerText(), /Shared form fields[\s\S]*Stands for these item fields/);
  assert.match(await phone.getByTestId('jm-status').innerText(), /Published/);

  await page.goto('/admin/joint');
  const row = page.locator(`[data-testid="jm-row"][data-matter-id="${matterId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'published');
  await e.shot(page, 'staffjoint-matters');

  // Taken off the portal: withdrawn, it is no longer listed.
  await row.getByTestId('jm-link').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="published"]').waitFor();
  await page.getByTestId('jm-published-note').waitFor();
  assert.equal(await page.getByTestId('jm-publish').count(), 0);
  await page.getByTestId('jm-withdraw').click();
  await page.getByTestId('jm-withdraw-confirm').click();
  await page.locator('[data-testid="jm-edit-page"][data-status="withdrawn"]').waitFor();
  const after = await api.get(`/api/joint/matters?centerId=${api.me.centerId}`);
  assert.ok(!after.matters.some((x: { id: string }) => x.id === matterId));
});

test('a manager puts a case on the green channel with a coordinator, and it leads the approver\'s inbox with the green mark', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  const a = await acceptedCase(clerk, FOOD, '甘绿一', '031');
  const b = await acceptedCase(clerk, FOOD, '甘绿二', '032');

  const approver = await e.newPage();
  await signInPage(approver, 'hk.approver.market');
  await approver.goto('/workbench?box=review');
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${a}"]`).waitFor();
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${b}"]`).waitFor();
  const before = await approver.getByTestId('inbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
  // The case the server lists later of the two goes on the green channel.
  const target = before.indexOf(a) > before.indexOf(b) ? a : b;
  assert.notEqual(before[0], target);
  assert.equal(await approver.locator('[data-testid="inbox-row"][data-green="true"]').count(), 0);

  const manager = await e.newPage();
  await signInPage(manager, 'hk.manager');
  await manager.goto(`/workbench/cases/${target}`);
  await manager.getByTestId('case-header').waitFor();
  await manager.getByTestId('green-mark').click();
  await manager.getByTestId('green-form').waitFor();
  await choose(manager, 'green-coordinator', '梁审批');
  await manager.getByTestId('green-reason').fill('省重点招商项目，加快办理');
  await e.shot(manager, 'staffjoint-green-dialog');
  await manager.getByTestId('green-submit').click();
  await step([manager], 'green', () => manager.getByTestId('case-green-tag').waitFor());
  await manager.locator('[data-testid="case-kind-bar"][data-green="true"]').waitFor();
  await manager.getByTestId('case-green-coordinator').filter({ hasText: '梁审批' }).waitFor();
  assert.equal(await manager.getByTestId('green-mark').count(), 0, 'a green case offers unmarking, not marking');
  await manager.getByTestId('green-unmark').waitFor();
  await e.shot(manager, 'staffjoint-green-case');
  await manager.locator('[data-testid="timeline-row"][data-action="case.green_marked"]').waitFor();

  // The manager's green-channel box lists it.
  await manager.goto('/workbench?box=green');
  await manager.locator(`[data-testid="inbox-row"][data-case-id="${target}"][data-green="true"]`).waitFor();

  await approver.goto('/workbench?box=review');
  const first = approver.getByTestId('inbox-row').first();
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${target}"]`).waitFor();
  assert.equal(await first.getAttribute('data-case-id'), target);
  assert.equal(await first.getAttribute('data-green'), 'true');
  assert.equal(await first.getByTestId('inbox-green-tag').count(), 1);
  assert.equal(await approver.getByTestId('inbox-green-tag').count(), 1, 'only the marked case carries the tag');
  // The coordinator sees the green-channel box too.
  await approver.getByTestId('inbox-tab-green').waitFor();
  await e.shot(approver, 'staffjoint-green-inbox');

  // At phone width the rows are cards, in the same order, the green one marked.
  const phone = await e.newPage({ mobile: true });
  await signInPhone(phone, 'hk.approver.market', '/workbench?box=review');
  await phone.getByTestId('inbox-list').waitFor();
  await phone.locator(`[data-testid="inbox-row"][data-case-id="${target}"][data-green="true"]`).waitFor();
  assert.equal(await phone.getByTestId('inbox-row').first().getAttribute('data-case-id'), target);
  await e.shot(phone, 'staffjoint-green-inbox-phone');

  // Unmarked with a reason, the case leaves the green channel and loses its place at the top.
  await manager.goto(`/workbench/cases/${target}`);
  await manager.getByTestId('green-unmark').click();
  await manager.locator('[data-testid="green-form"][data-mode="unmark"]').waitFor();
  await manager.getByTestId('green-submit').click();
  await manager.locator('[data-testid="green-form"][data-mode="unmark"] .ant-form-item-has-error').waitFor();
  await manager.getByTestId('green-reason').fill('项目已转常规办理');
  await manager.getByTestId('green-submit').click();
  await manager.locator('[data-testid="case-kind-bar"][data-green="false"]').waitFor();
  await manager.getByTestId('green-mark').waitFor();
  await manager.locator('[data-testid="timeline-row"][data-action="case.green_removed"]').waitFor();
  await approver.goto('/workbench?box=review');
  await approver.locator(`[data-testid="inbox-row"][data-case-id="${target}"]`).waitFor();
  assert.equal(await approver.locator('[data-testid="inbox-row"][data-green="true"]').count(), 0);
  assert.equal(await approver.getByTestId('inbox-row').first().getAttribute('data-case-id'), before[0]);
});

test('a joint case: departments pre-review, the window sends one merged notice, the lead department coordinates the parts', async () => {
  const company = await e.newPage();
  await signInPage(company, DEMO_ENTERPRISE.creditCode);
  const applicant = await apiOf(company);
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  const desk = await apiOf(clerk);
  const matter = await desk.get(`/api/joint/centers/${desk.me.centerId}/matters/open-restaurant`);
  const answers = { entity: 'company', large: 'yes', sewage: 'no' };
  const list = await desk.post(`/api/joint/matters/${matter.id}/checklist`, { answers });
  const form: Record<string, string> = {};
  for (const f of list.fields) if (f.required) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of list.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await applicant.upload() });
  const parent = (await applicant.post(`/api/joint/matters/${matter.id}/cases`, { answers, form, materials, idempotencyKey: randomUUID() })).case;
  assert.equal(parent.kind, 'joint');
  const layout = list.materials.find((m: { key: string }) => m.key === 'layout');
  assert.ok(layout, 'the restaurant checklist asks for the layout');

  // The fire department lists what its part lacks.
  const fire = await e.newPage();
  await signInPage(fire, 'hk.approver.fire');
  await fire.goto(`/workbench/cases/${parent.id}`);
  await fire.locator('[data-testid="case-kind"][data-kind="joint"]').waitFor();
  await fire.getByTestId('prereview-form').waitFor();
  await fire.getByTestId('prereview-item-layout').check();
  await fire.getByTestId('prereview-reason-layout').fill('未标注消防设施位置');
  await fire.getByTestId('prereview-submit').click();
  const fireRow = fire.locator('[data-testid="prereview-row"][data-count="1"]');
  await fireRow.waitFor();
  assert.match(await fireRow.innerText(), /海口市消防救援支队[\s\S]*未标注消防设施位置/);
  await e.shot(fire, 'staffjoint-prereview');

  // The lead department says its part is complete, on a phone.
  const marketPhone = await e.newPage({ mobile: true });
  await signInPhone(marketPhone, 'hk.approver.market', `/workbench/cases/${parent.id}`);
  await marketPhone.getByTestId('prereview-form').waitFor();
  await marketPhone.getByTestId('prereview-mode-complete').check();
  await marketPhone.getByTestId('prereview-submit').click();
  await marketPhone.locator('[data-testid="prereview-row"][data-count="0"]').waitFor();
  assert.equal(await marketPhone.getByTestId('prereview-row').count(), 2);
  assert.equal(await marketPhone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'no sideways scrolling at phone width');
  await e.shot(marketPhone, 'staffjoint-prereview-phone');
  await marketPhone.getByTestId('case-kind-bar').scrollIntoViewIfNeeded();
  await marketPhone.screenshot({ path: 'test-results/staffjoint-prereview-phone-view.png' });

  // The window's notice comes pre-filled with the departments' lines, each saying who asked: one notice goes out.
  await clerk.goto(`/workbench/cases/${parent.id}`);
  const seen = await desk.get(`/api/cases/${parent.id}`);
  assert.ok(seen.allowedActions.includes('request_supplement'), `window may ask for a supplement: ${seen.status} ${seen.allowedActions}`);
  await clerk.getByTestId('action-request_supplement').click();
  const asked = clerk.getByTestId('action-item-departments-layout');
  await asked.waitFor();
  assert.match((await asked.getAttribute('data-departments')) ?? '', /海口市消防救援支队/);
  assert.match(await asked.innerText(), /未标注消防设施位置/);
  await e.shot(clerk, 'staffjoint-merged-notice');
  await clerk.getByTestId('action-submit').click();
  await clerk.locator('[data-testid="case-header"][data-status="supplement_requested"]').waitFor();
  await clerk.locator('[data-testid="supplement-item"][data-key="layout"]').waitFor();
  const notice = (await applicant.get(`/api/cases/${parent.id}`)).supplement;
  assert.deepEqual(notice.items.map((i: { key: string }) => i.key), ['layout']);
  assert.deepEqual(notice.items[0].departments, ['海口市消防救援支队']);

  await applicant.post(`/api/cases/${parent.id}/actions`, { action: 'resubmit', materials: [{ key: 'layout', fileId: await applicant.upload() }] });
  await desk.post(`/api/cases/${parent.id}/actions`, { action: 'accept' });

  // The parent lists its parts, each opening its own case.
  await clerk.goto(`/workbench/cases/${parent.id}`);
  await clerk.getByTestId('case-children-block').waitFor();
  const parts = await clerk.getByTestId('case-child-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')!));
  assert.equal(parts.length, 3);
  await e.shot(clerk, 'staffjoint-parent');

  // The lead department coordinates: every part with its department; a note goes to the fire part.
  const lead = await e.newPage();
  await signInPage(lead, 'hk.approver.market');
  await lead.getByTestId('wb-nav-coordination').click();
  const led = lead.locator(`[data-testid="coordination-case"][data-case-id="${parent.id}"]`);
  await led.waitFor();
  assert.equal(await led.getByTestId('coordination-part').count(), 3);
  const firePart = led.getByTestId('coordination-part').filter({ hasText: '海口市消防救援支队' });
  const firePartId = (await firePart.getAttribute('data-case-id'))!;
  assert.ok(parts.includes(firePartId));
  await firePart.getByTestId('coordination-send').click();
  await lead.getByTestId('coordination-message').fill('请本周内完成现场核查');
  await e.shot(lead, 'staffjoint-coordination');
  await lead.getByTestId('coordination-submit').click();
  await lead.locator('.ant-message-success').first().waitFor();

  // The fire department's part: its parent linked, the note in its history.
  await fire.goto(`/workbench/cases/${firePartId}`);
  await fire.locator('[data-testid="case-kind"][data-kind="part"]').waitFor();
  assert.equal(await fire.getByTestId('case-parent-link').getAttribute('data-case-id'), parent.id);
  await fire.locator('[data-testid="timeline-row"][data-action="case.coordination_note"]').waitFor();
  await e.shot(fire, 'staffjoint-part');
});

test('a reported case: the chief forwards it upward, the case page draws each level\'s working days against its limit', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  const id = await acceptedCase(clerk, '保安服务公司设立许可', '海南甘上保安服务有限公司', '041');
  const approver = await e.newPage();
  await signInPage(approver, 'hk.approver.police');
  const review = await apiOf(approver);
  for (let i = 0; i < 5 && (await review.get(`/api/cases/${id}`)).allowedActions.includes('review'); i++) {
    await review.post(`/api/cases/${id}/actions`, { action: 'review', proposal: 'approve', opinion: '初审材料齐全，符合条件' });
  }

  const chief = await e.newPage();
  await signInPage(chief, 'hk.chief.police');
  await chief.goto(`/workbench/cases/${id}`);
  await chief.getByTestId('action-forward').click();
  await chief.getByTestId('action-hint').waitFor();
  await chief.getByTestId('action-field-opinion').fill('经初审，申请材料齐全、符合法定形式，报请省公安厅审批。');
  await chief.getByTestId('action-submit').click();
  await chief.locator('[data-testid="case-header"][data-status="forwarded"]').waitFor();
  assert.equal(await chief.getByTestId('case-status').first().innerText(), '已上报');

  // The case at the deciding level is listed under it, and each level's time is drawn.
  await chief.getByTestId('case-children-block').waitFor();
  const upperId = (await chief.getByTestId('case-child-row').first().getAttribute('data-case-id'))!;
  await chief.getByTestId('case-levels-chart').waitFor();
  const stages = await chief.getByTestId('level-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-stage'), r.getAttribute('data-workdays')]));
  assert.equal(stages[0]![0], 'first_review');
  assert.equal(stages[0]![1], '0', 'forwarded the day it was accepted');
  assert.ok(stages.some(([s]) => s === 'materials_handover'));
  await chief.getByTestId('case-levels-block').scrollIntoViewIfNeeded();
  await e.shot(chief, 'staffjoint-reported-levels');

  // Had the first review taken six weeks, that stage is drawn over its limit, in red, and says so.
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  await db.query('UPDATE cases SET accepted_date = accepted_date - 42 WHERE id = $1', [id]);
  await db.end();
  await chief.reload();
  const late = chief.locator('[data-testid="level-row"][data-stage="first_review"]');
  await late.waitFor();
  assert.equal(await late.getAttribute('data-overdue'), 'true');
  assert.ok(Number(await late.getAttribute('data-workdays')) > 10);
  assert.equal(await late.getByTestId('level-overdue').count(), 1);
  assert.equal(await chief.locator('[data-testid="level-row"][data-overdue="true"]').count(), 1, 'only the late stage is marked');
  await chief.getByTestId('case-levels-block').scrollIntoViewIfNeeded();
  await e.shot(chief, 'staffjoint-reported-levels-late');
  await chief.getByTestId('case-levels-block').screenshot({ path: 'test-results/staffjoint-reported-levels-late-block.png' });
  await chief.getByTestId('lang-switch').first().click();
  await chief.locator('[data-testid="lang-switch"][data-lang="en"]').first().waitFor();
  assert.equal(await chief.getByTestId('case-status').first().innerText(), 'Forwarded upward');
  assert.match(await chief.getByTestId('case-levels-block').innerText(), /Time at each level[\s\S]*First review here[\s\S]*\d+ \/ 10 working days[\s\S]*Over the limit/);
  await e.shot(chief, 'staffjoint-reported-levels-en');
  await chief.getByTestId('lang-switch').first().click();

  // Supervision reads the same levels, to see which level held the case.
  const sup = await e.newPage();
  await signInPage(sup, 'hk.supervisor');
  await sup.goto(`/supervision/cases/${id}`);
  await sup.getByTestId('case-levels-chart').waitFor();
  assert.equal(await sup.getByTestId('level-row').count(), stages.length);
  assert.equal(await sup.getByTestId('green-mark').count(), 0);

  const upper = await e.newPage();
  await signInPage(upper, 'approver.police');
  await upper.goto(`/workbench/cases/${upperId}`);
  await upper.locator('[data-testid="case-kind"][data-kind="upper"]').waitFor();
  assert.equal(await upper.getByTestId('case-parent-link').getAttribute('data-case-id'), id);
  await e.shot(upper, 'staffjoint-upper-case');
});

test('a manager sets the departments a proxy window accepts for', async () => {
  const page = await e.newPage();
  await signInPage(page, 'hk.manager');
  const api = await apiOf(page);
  const mine = (await api.get('/api/admin/org')).windows.find((w: { kind: string; centerId: string }) => w.kind === 'proxy' && w.centerId === api.me.centerId);
  const before: string[] = mine.departmentIds;
  await page.goto('/admin/org');
  const proxy = page.locator(`[data-testid="org-node-window"][data-window-id="${mine.id}"]`);
  await proxy.waitFor();
  assert.deepEqual(((await proxy.getByTestId('org-proxy-departments').getAttribute('data-ids')) ?? '').split(',').filter(Boolean).sort(), [...before].sort());
  // Only the manager's own center's proxy window is editable.
  assert.equal(await page.locator('[data-testid="org-node-window"][data-kind="proxy"]').count(), 2);
  assert.equal(await page.getByTestId('org-proxy-edit').count(), 1);
  await proxy.getByTestId('org-proxy-edit').click();
  const option = (name: string) => page.locator('label:has([data-testid="org-proxy-department"])', { hasText: name });
  await step([page], 'proxy', () => option('海口市市场监督管理局').click());
  await option('海口市消防救援支队').click();
  await page.getByTestId('org-proxy-save').click();
  await page.locator('.ant-message-success').first().waitFor();
  await proxy.getByTestId('org-proxy-departments').filter({ hasText: '海口市消防救援支队' }).waitFor();
  const ids = ((await proxy.getByTestId('org-proxy-departments').getAttribute('data-ids')) ?? '').split(',').filter(Boolean);
  assert.equal(ids.length, before.length + 2);
  const saved = (await api.get('/api/admin/org')).windows.find((w: { id: string }) => w.id === mine.id);
  assert.deepEqual([...saved.departmentIds].sort(), [...ids].sort());
  await e.shot(page, 'staffjoint-proxy-window');
});

test('the intake window registers a walk-in joint application: questions, the applicant, one merged form, each material once', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  await clerk.goto('/workbench/counter');
  await clerk.getByTestId('counter-mode-joint').click();
  await clerk.locator('[data-testid="counter-matter-option"][data-key="open-restaurant"]').getByTestId('counter-matter-choose').click();
  await clerk.getByTestId('counter-joint-form').waitFor();
  const matterId = (await clerk.getByTestId('counter-joint-form').getAttribute('data-matter-id'))!;
  const answers = { entity: 'individual', large: 'no', sewage: 'no' };
  for (const [q, v] of Object.entries(answers)) await clerk.getByTestId(`joint-answer-${q}-${v}`).check();
  await clerk.getByTestId('counter-fields').waitFor();

  await clerk.getByTestId('counter-name').fill('符小店');
  await clerk.getByTestId('counter-id-number').fill(makeIdNumber('460106', '19920303', '051'));
  await clerk.getByTestId('counter-phone').fill('13976000005');
  const desk = await apiOf(clerk);
  const list = await desk.post(`/api/joint/matters/${matterId}/checklist`, { answers });
  for (const f of list.fields.filter((x: { required: boolean }) => x.required)) {
    await clerk.getByTestId(`counter-field-${f.key}`).fill(f.key === 'contactPhone' ? '13800138000' : '测试填写');
  }
  // What the matter issues itself (the registration's business licence) has no upload.
  for (const m of list.materials.filter((x: { requirement: string; producedWithin?: string[] }) => x.requirement === 'required' && !x.producedWithin?.length)) {
    await clerk.getByTestId(`counter-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await clerk.getByTestId(`counter-material-${m.key}-file`).first().waitFor();
  }
  await e.shot(clerk, 'staffjoint-counter-joint');
  await clerk.getByTestId('counter-submit').click();
  await clerk.locator('[data-testid="case-kind"][data-kind="joint"]').waitFor();
  await clerk.locator('[data-testid="case-header"][data-status="submitted"]').waitFor();
  const id = (await clerk.getByTestId('wb-case-page').getAttribute('data-case-id'))!;
  const c = await desk.get(`/api/cases/${id}`);
  assert.equal(c.channel, 'counter');
  assert.equal(c.applicantName, '符小店');
  assert.deepEqual(c.matter.answers, answers);
  assert.deepEqual(c.matter.items.map((i: { name: string }) => i.name).sort(), ['个体工商户设立登记', FOOD].sort());
  await e.shot(clerk, 'staffjoint-counter-joint-case');
});
