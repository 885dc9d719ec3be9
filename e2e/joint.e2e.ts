import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { DEMO_STAFF } from '../server/src/seed/seed.ts';
import { DEMO_DEPARTMENTS } from '../server/src/seed/demo-catalog.ts';
import { apiOf, samplePdf, signInPage, startE2E, type E2E } from './harness.ts';
import { deliverToHolder } from './deliver.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const ENTERPRISE = '91460100MA5T00010J';
const HAIKOU = '海口市政务服务中心';
/** A company with a dining room over 300 m² and no sewer connection: registration, food licence, fire check. */
const ANSWERS = { entity: 'company', large: 'yes', sewage: 'no' };

interface Checklist {
  items: { itemId: string; departmentName: string }[];
  fields: { key: string; required: boolean }[];
  materials: { key: string; requirement: string; producedWithin?: string[] }[];
  counts: { fieldsAsked: number; fieldsSeparate: number; materialsAsked: number; materialsSeparate: number };
}

/** The public API, outside any browser session (it needs none). */
async function publicApi<T>(path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${e.baseUrl}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** The approver and the chief of a department, from the demo staff the database was seeded with. */
function staffOf(departmentName: string) {
  const dept = DEMO_DEPARTMENTS.find((d) => d.name === departmentName);
  assert.ok(dept, `a demo department named ${departmentName}`);
  const of = (role: 'approver' | 'chief') => DEMO_STAFF.find((s) => s.department === dept.key && s.roles.includes(role))?.username;
  const approver = of('approver');
  const chief = of('chief');
  assert.ok(approver && chief, `${departmentName} has an approver and a chief`);
  return { approver, chief };
}

async function takeAction(page: Page, action: string, fill: (p: Page) => Promise<void> = async () => {}) {
  const form = page.getByTestId('action-form');
  const busy = form.locator('[data-testid="error-alert"][data-code="CASE_STATE_CONFLICT"]');
  for (let attempt = 0; ; attempt++) {
    await page.getByTestId(`action-${action}`).click();
    await form.waitFor();
    await fill(page);
    await page.getByTestId('action-submit').click();
    const refused = form.locator('[data-testid="error-alert"]:not([data-code="CASE_STATE_CONFLICT"])');
    // The answer can take long on a loaded CI machine (the default 15 s was once not enough): wait on it, up to a minute.
    await Promise.race([form.waitFor({ state: 'hidden', timeout: 60_000 }), busy.waitFor({ timeout: 60_000 }), refused.waitFor({ timeout: 60_000 })]);
    if (!(await form.isVisible())) return;
    // Any other refusal is a failure of the walk-through: say which, instead of waiting for the form to close.
    if (await refused.count()) assert.fail(`${action} refused: ${await refused.getAttribute('data-code')} ${await refused.innerText()}`);
    // The case was busy for a moment (the warning sweep holds fresh cases briefly): close the dialog and act again, as a clerk would.
    assert.ok(attempt < 4, `${action} kept meeting a busy case`);
    await page.getByTestId('action-cancel').click();
    await form.waitFor({ state: 'hidden' });
    await locksReleased(page);
  }
}

/**
 * Waits until whoever held the case shown on the page, its parent or its siblings (the warning
 * sweep's batch, a cascade) has let go: takes each row's lock in turn, waiting as long as it is
 * held, and releases it at once (autocommit). One lock at a time, so this never deadlocks.
 */
async function locksReleased(page: Page) {
  const id = new URL(page.url()).pathname.split('/').at(-1);
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    const related = await db.query<{ id: string }>(`SELECT c.id FROM cases c, cases me
      WHERE me.id = $1 AND (c.id = me.id OR c.id = me.parent_id OR c.parent_id = me.id OR c.parent_id = me.parent_id)`, [id]);
    for (const row of related.rows) await db.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [row.id]);
  } finally {
    await db.end();
  }
}

const attr = (page: Page, testid: string, name: string) => page.getByTestId(testid).first().getAttribute(name);

/** Opens a case on the workbench as it is now. */
async function openStaffCase(page: Page, id: string) {
  await page.goto(`/workbench/cases/${id}`);
  await page.getByTestId('case-header').waitFor().catch(async (err: unknown) => {
    await e.shot(page, `joint-failed-${id}`);
    throw err;
  });
}

/** The applicant's page of the joint case: the parent's status and each part's status and decision, from the data attributes. */
async function applicantView(page: Page, id: string) {
  await page.goto(`/my/cases/${id}`);
  await page.getByTestId('case-header').waitFor();
  const parts = await page.getByTestId('case-child-row').evaluateAll((rows) => rows.map((r) => ({
    id: r.getAttribute('data-case-id')!, status: r.getAttribute('data-status'), decision: r.getAttribute('data-decision'),
    department: r.querySelector('[data-testid="case-child-department"]')?.textContent ?? '',
  })));
  return { status: await attr(page, 'case-header', 'data-status'), parts };
}

async function answerQuestions(page: Page) {
  for (const [q, v] of Object.entries(ANSWERS)) await page.getByTestId(`joint-answer-${q}-${v}`).check();
  await page.locator('[data-testid="joint-next"]:not([disabled])').waitFor();
}

test('the restaurant life event: one checklist, one form, one submission; three departments decide in parallel and deliver together', async () => {
  const applicant = await e.newPage();
  await signInPage(applicant, ENTERPRISE);

  // From the home page's life-event block to the Haikou restaurant matter.
  await applicant.goto('/');
  const { matters } = await publicApi<{ matters: { id: string; key: string; centerId: string; centerName: string }[] }>('/api/joint/matters');
  const matter = matters.find((m) => m.key === 'open-restaurant' && m.centerName === HAIKOU);
  assert.ok(matter, 'the Haikou restaurant matter is published');
  await applicant.locator(`[data-testid="joint-matters-block"] [data-testid="joint-matter-card"][data-key="open-restaurant"][data-center-id="${matter.centerId}"]`).click();
  await applicant.getByTestId('joint-questions').waitFor();
  assert.equal(await attr(applicant, 'life-event-page', 'data-matter-id'), matter.id);
  assert.equal(await applicant.locator('[data-testid="joint-matter-item"][data-applies="unknown"]').count(), 5, 'nothing decided before the answers');

  // 1 · the questions decide which items apply.
  await answerQuestions(applicant);
  const checklist = await publicApi<Checklist>(`/api/joint/matters/${matter.id}/checklist`, { answers: ANSWERS });
  assert.equal(checklist.items.length, 3);
  const applying = await applicant.locator('[data-testid="joint-matter-item"][data-applies="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-id')));
  assert.deepEqual(applying.sort(), checklist.items.map((i) => i.itemId).sort(), 'the page marks exactly the items the server includes');
  assert.equal(await applicant.locator('[data-testid="joint-matter-item"][data-applies="false"]').count(), 2);

  // 2 · the tailored checklist, with fewer fields and uploads than the three items asked for separately.
  await applicant.getByTestId('joint-next').click();
  await applicant.getByTestId('joint-checklist').waitFor();
  assert.equal(await applicant.getByTestId('joint-checklist-item').count(), 3);
  const counts = applicant.getByTestId('joint-counts');
  const figure = async (n: string) => Number(await counts.getAttribute(`data-${n}`));
  let fieldsSeparate = 0;
  let materialsSeparate = 0;
  for (const item of checklist.items) {
    const form = await publicApi<{ fields: unknown[]; materials: unknown[] }>(`/api/items/${item.itemId}/form`);
    fieldsSeparate += form.fields.length;
    materialsSeparate += form.materials.length;
  }
  assert.equal(await figure('fields-separate'), fieldsSeparate, 'M = the fields of the three forms together');
  assert.equal(await figure('materials-separate'), materialsSeparate, 'L = the materials of the three items together');
  assert.ok(await figure('fields-asked') < fieldsSeparate, 'fewer fields than separately');
  assert.ok(await figure('materials-asked') < materialsSeparate, 'fewer uploads than separately');
  assert.equal(await applicant.getByTestId('joint-checklist-material').count(), await figure('materials-asked'));
  const shared = await applicant.locator('[data-testid="joint-checklist-material"]').evaluateAll((rows) => rows.filter((r) => Number(r.getAttribute('data-items')) > 1).length);
  assert.ok(shared > 0, 'some material serves several items and is asked for once');
  assert.match(await counts.innerText(), new RegExp(`${checklist.counts.fieldsAsked}[\\s\\S]*${fieldsSeparate}[\\s\\S]*${checklist.counts.materialsAsked}[\\s\\S]*${materialsSeparate}`));
  await e.shot(applicant, 'joint-checklist');

  // 3 · one form, one upload per material.
  await applicant.getByTestId('joint-next').click();
  await applicant.getByTestId('joint-fields').waitFor();
  assert.equal(await applicant.locator('[data-testid="joint-fields"] .ant-form-item').count(), checklist.counts.fieldsAsked, 'one form with every asked field');
  assert.equal(await applicant.getByTestId('joint-material-row').count(), checklist.counts.materialsAsked);
  // Next with nothing filled in stays on the form and marks the required fields.
  await applicant.getByTestId('joint-next').click();
  await applicant.locator('[data-testid="joint-fields"] .ant-form-item-has-error').first().waitFor();
  assert.equal(await attr(applicant, 'life-event-page', 'data-step'), '2');
  for (const f of checklist.fields.filter((x) => x.required)) {
    await applicant.getByTestId(`joint-field-${f.key}`).fill(f.key === 'contactPhone' ? '13976000002' : '海口椰风餐饮有限公司');
  }
  // The business licence is issued by the registration in this matter (a prerequisite): shown, not asked for.
  const produced = checklist.materials.filter((m) => m.producedWithin?.length);
  assert.deepEqual(produced.map((m) => m.key), ['business_licence']);
  await applicant.getByTestId('joint-material-business_licence-produced').waitFor();
  assert.equal(await applicant.getByTestId('joint-material-business_licence').count(), 0, 'no upload for it');
  const required = checklist.materials.filter((m) => m.requirement === 'required' && !m.producedWithin?.length);
  for (const m of required) {
    await applicant.getByTestId(`joint-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await applicant.locator(`[data-testid="joint-material-${m.key}"][data-file-count="1"]`).waitFor();
  }
  await e.shot(applicant, 'joint-form');

  // 4 · submit once.
  await applicant.getByTestId('joint-next').click();
  await applicant.getByTestId('joint-summary').waitFor();
  assert.match(await applicant.getByTestId('joint-summary-files').innerText(), new RegExp(`${required.length}\\D+${checklist.materials.length - produced.length}`));
  const submit = applicant.getByTestId('joint-submit');
  assert.ok((await submit.getAttribute('data-idempotency-key'))!.length >= 8);
  const answered = applicant.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/joint\/matters\/[^/]+\/cases$/.test(new URL(r.url()).pathname));
  await submit.click();
  // The case page opens next, so the form asks only for the summary (RFC 7240) and gets it.
  assert.equal((await answered).headers()['preference-applied'], 'return=minimal');
  await applicant.getByTestId('my-case-page').waitFor();
  const caseId = (await attr(applicant, 'my-case-page', 'data-case-id'))!;
  await applicant.getByTestId('case-header').waitFor();
  assert.equal(await attr(applicant, 'case-header', 'data-status'), 'submitted');
  assert.equal(await applicant.getByTestId('joint-case-item').count(), 3, 'the joint case lists the three items');
  await applicant.getByTestId('case-parts-none').waitFor();
  await applicant.goto('/my/cases');
  const row = applicant.locator(`[data-testid="my-case-row"][data-case-id="${caseId}"]`);
  assert.equal(await row.getAttribute('data-kind'), 'joint');
  await row.getByTestId('my-case-joint').waitFor();

  // The Haikou intake window accepts the joint case once: one part per item, each with its own receipt.
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  await clerk.goto('/workbench?box=intake');
  await clerk.locator(`[data-testid="inbox-row"][data-case-id="${caseId}"]`).first().click();
  await clerk.getByTestId('wb-case-page').waitFor();
  await takeAction(clerk, 'accept');
  let view = await applicantView(applicant, caseId);
  assert.equal(view.status, 'accepted');
  assert.equal(view.parts.length, 3);
  assert.deepEqual(view.parts.map((p) => p.status), ['accepted', 'accepted', 'accepted']);
  assert.equal(new Set(view.parts.map((p) => p.department)).size, 2, 'market regulation (two items) and fire (one item)');

  // Each department reviews and decides its own part, and hands it over: the registration first, since the
  // food licence and the fire check wait for the business licence it issues (a prerequisite of the matter).
  const children = (await (await apiOf(clerk)).get(`/api/cases/${caseId}`)).children as Array<{ id: string; itemName: string }>;
  const registrationFirst = (p: { id: string }) => (children.find((c) => c.id === p.id)?.itemName.includes('设立登记') ? 0 : 1);
  for (const part of [...view.parts].sort((x, y) => registrationFirst(x) - registrationFirst(y))) {
    const { approver, chief } = staffOf(part.department);
    for (const login of [approver, chief]) {
      const staff = await e.newPage();
      await signInPage(staff, login);
      await openStaffCase(staff, part.id);
      while (await staff.getByTestId('action-review').count()) {
        await takeAction(staff, 'review', async (p) => {
          await p.getByTestId('action-field-proposal-approve').click();
          await p.getByTestId('action-field-opinion').fill('材料齐全，符合法定条件，建议准予');
        });
      }
      if (login === chief) {
        await takeAction(staff, 'decide', async (p) => {
          await p.getByTestId('action-field-result-approved').click();
          await p.getByTestId('action-field-reason').fill('符合法定条件，准予许可');
        });
        await takeAction(staff, 'handover');
        assert.equal(await attr(staff, 'case-status', 'data-status'), 'ready');
      }
      await staff.context().close();
    }
    view = await applicantView(applicant, caseId);
    const mine = view.parts.find((p) => p.id === part.id)!;
    assert.equal(mine.status, 'ready', 'the applicant sees the part handed over');
    assert.equal(mine.decision, 'approved');
  }
  assert.equal(view.status, 'ready', 'the joint case is ready once every part is');
  await applicant.getByTestId('case-decision').waitFor();
  assert.equal(await attr(applicant, 'case-decision', 'data-result'), 'approved');

  // The window delivers the joint case once: every part is delivered with it.
  await openStaffCase(clerk, caseId);
  // Issue 11: the window checks who collects before handing the result over.
  await deliverToHolder(clerk, ENTERPRISE);
  view = await applicantView(applicant, caseId);
  assert.equal(view.status, 'delivered');
  assert.deepEqual(view.parts.map((p) => [p.status, p.decision]), [['delivered', 'approved'], ['delivered', 'approved'], ['delivered', 'approved']]);

  // One timeline: the parent's events and each part's own, the deliveries all at the same moment.
  await applicant.waitForFunction(() => !document.querySelector('[data-testid="timeline-loading"]')
    && document.querySelectorAll('[data-testid="timeline-row"][data-action="case.deliver"][data-source-case]').length > 0);
  const rows = await applicant.getByTestId('timeline-row').evaluateAll((els) => els.map((r) => ({
    action: r.getAttribute('data-action'), source: r.getAttribute('data-source-case'),
    at: r.querySelector('[data-testid="timeline-at"]')?.textContent ?? '',
  })));
  for (const part of view.parts) {
    const own = rows.filter((r) => r.source === part.id).map((r) => r.action);
    assert.ok(own.includes('case.decide') && own.includes('case.deliver'), `part ${part.id} shows its decision and delivery: ${own.join(',')}`);
  }
  const deliveries = rows.filter((r) => r.action === 'case.deliver');
  assert.equal(deliveries.length, 4, 'the parent and its three parts');
  assert.equal(new Set(deliveries.map((r) => r.at)).size, 1, 'delivered together');
  await e.shot(applicant, 'joint-delivered');
});

test('the life-event page on a phone (390 px): no horizontal scroll, sign-in half-way keeps the answers, English throughout', async () => {
  const context = await e.browser.newContext({
    baseURL: e.baseUrl, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const noSideScroll = async (where: string) => {
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${where}: page is ${scroll}px wide in a ${width}px window`);
  };

  // Signed out: the questions and the checklist are open to anyone.
  await page.goto('/life-events');
  await page.locator('[data-testid="joint-matter-card"][data-key="open-restaurant"]').first().click();
  await page.getByTestId('joint-questions').waitFor();
  await noSideScroll('questions');
  await answerQuestions(page);
  await noSideScroll('questions answered');
  await page.getByTestId('joint-next').click();
  await page.getByTestId('joint-checklist').waitFor();
  await noSideScroll('checklist');
  await e.shot(page, 'joint-phone-checklist');

  // Filling in needs signing in; the answers come back with the applicant.
  await page.getByTestId('joint-sign-in').click();
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-name').fill(ENTERPRISE);
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('joint-fields').waitFor();
  assert.equal(await attr(page, 'life-event-page', 'data-step'), '2');
  for (const [q, v] of Object.entries(ANSWERS)) assert.match(page.url(), new RegExp(`q_${q}=${v}`));
  await noSideScroll('form');
  await e.shot(page, 'joint-phone-form');

  // English: the matter's English name, English steps.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByTestId('life-event-name').innerText(), 'I want to open a restaurant');
  assert.equal(await page.getByTestId('life-event-step-form').innerText(), 'Form & files');
  await page.getByTestId('joint-prev').click();
  await page.getByTestId('joint-checklist').waitFor();
  assert.match(await page.getByTestId('joint-counts').innerText(), /fields to fill in[\s\S]*instead of \d+/);
  await noSideScroll('checklist in English');
  await context.close();
});

test('the departments\' pre-review lines reach the applicant as one notice, each line saying who asked, and one resubmission answers it', async () => {
  const company = await e.newPage();
  await signInPage(company, ENTERPRISE);
  const applicant = await apiOf(company);
  const { matters } = await publicApi<{ matters: { id: string; key: string; centerName: string }[] }>('/api/joint/matters');
  const matter = matters.find((m) => m.key === 'open-restaurant' && m.centerName === HAIKOU)!;
  const checklist = await publicApi<Checklist>(`/api/joint/matters/${matter.id}/checklist`, { answers: ANSWERS });
  const form: Record<string, string> = {};
  for (const f of checklist.fields) if (f.required) form[f.key] = f.key === 'contactPhone' ? '13976000003' : '海口椰风餐饮有限公司';
  const materials = [];
  for (const m of checklist.materials.filter((x) => x.requirement === 'required' && !x.producedWithin?.length)) materials.push({ key: m.key, fileId: await applicant.upload() });
  const { case: parent } = await applicant.post<{ case: { id: string } }>(`/api/joint/matters/${matter.id}/cases`, {
    answers: ANSWERS, form, materials, idempotencyKey: randomUUID(),
  });

  // The fire and the market departments both find the layout wanting; the window adds a line of its own.
  const departments = [...new Set(checklist.items.map((i) => i.departmentName))];
  assert.equal(departments.length, 2);
  for (const name of departments) {
    const staff = await e.newPage();
    await signInPage(staff, staffOf(name).approver);
    await (await apiOf(staff)).post(`/api/joint/cases/${parent.id}/prereview`, { items: [{ key: 'layout', reason: `${name}：平面图未标注设施位置` }] });
    await staff.context().close();
  }
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  await (await apiOf(clerk)).post(`/api/cases/${parent.id}/actions`, {
    action: 'request_supplement', items: [{ key: 'legal_rep_id', reason: '身份证明复印件不清晰' }],
  });

  await company.goto(`/my/cases/${parent.id}`);
  const notice = company.getByTestId('supplement-notice');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('data-round'), '1', 'one notice');
  const layout = notice.locator('[data-testid="supplement-item"][data-key="layout"]');
  assert.equal(await layout.getByTestId('supplement-departments').getAttribute('data-count'), '2');
  const asked = await layout.getByTestId('supplement-departments').innerText();
  for (const name of departments) assert.ok(asked.includes(name), `${name} is named on the layout line: ${asked}`);
  await notice.locator('[data-testid="supplement-item"][data-key="legal_rep_id"]').waitFor();
  await e.shot(company, 'joint-supplement-notice');

  // One resubmission answers every department.
  const keys = await notice.getByTestId('supplement-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')!));
  for (const key of keys) {
    await company.getByTestId(`resubmit-material-${key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await company.locator(`[data-testid="resubmit-material-${key}"][data-file-count="1"]`).waitFor();
  }
  await company.getByTestId('resubmit-submit').click();
  await company.locator('[data-testid="case-header"][data-status="submitted"]').waitFor();
});

test("服务对象 in a life event: an enterprise answering 'individual business' is told a person applies, and cannot go on; as a company it can", async () => {
  const page = await e.newPage();
  await signInPage(page, ENTERPRISE);
  const { matters } = await publicApi<{ matters: { id: string; key: string; centerId: string; centerName: string }[] }>('/api/joint/matters');
  const matter = matters.find((m) => m.key === 'open-restaurant' && m.centerName === HAIKOU)!;
  await page.goto(`/life-events/${matter.centerId}/open-restaurant`);
  await page.getByTestId('joint-questions').waitFor();
  for (const [q, v] of Object.entries({ entity: 'individual', large: 'no', sewage: 'no' })) {
    await page.getByTestId(`joint-answer-${q}-${v}`).click();
    await page.locator(`[data-testid="joint-answer-${q}-${v}"]:checked`).waitFor();
  }
  await page.locator('[data-testid="joint-next"]:not([disabled])').waitFor();
  await page.getByTestId('joint-next').click();
  const notice = page.getByTestId('joint-not-for-you');
  await notice.waitFor();
  assert.match(await notice.innerText(), /个人/);
  assert.equal(await page.getByTestId('joint-next').isDisabled(), true, 'no way on to the form');
  // Back, as a company: the notice goes and the form is reachable.
  await page.getByTestId('joint-prev').click();
  // The questions are back with the answers kept; then the other answer (clicked, and waited for as checked:
  // the answers live in the address, so the radio turns checked once the page has taken the new address).
  await page.locator('[data-testid="joint-answer-entity-individual"]:checked').waitFor();
  await page.getByTestId('joint-answer-entity-company').click();
  await page.locator('[data-testid="joint-answer-entity-company"]:checked').waitFor();
  await page.locator('[data-testid="joint-next"]:not([disabled])').waitFor();
  await page.getByTestId('joint-next').click();
  await page.locator('[data-testid="joint-next"]:not([disabled])').waitFor();
  assert.equal(await notice.count(), 0);
});
