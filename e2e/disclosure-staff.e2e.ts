import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { apiOf, signInPage, startE2E, type E2E } from './harness.ts';
import { assertNoViolations as noViolations } from './axe.ts';
import { chooseOption } from './antd.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const PERSON = '460100199003071237';

interface RequestView { id: string; requestNo: string; status: string; dueDate: string | null; overdue: boolean; extended: boolean; replyType: string | null; actions: string[] }

async function noSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no sideways scrolling at phone width (${overflow} px)`);
}

/** The citizen signed in on a page of their own, their API, and the province center's id (the center they ask). */
async function citizenOfProvince() {
  const person = await e.newPage();
  await signInPage(person, PERSON);
  const citizen = await apiOf(person);
  const centers = (await citizen.get('/api/hall/centers')).centers as Array<{ id: string; name: string }>;
  return { person, citizen, province: centers.find((c) => c.name.startsWith('海南省'))!.id };
}

test('the disclosure officer sees a citizen\'s request on the legal clock and answers it on a phone; the head approves an extension; the citizen reads the reply; staff without the role are refused', async () => {
  // A citizen asks the province for information, through the API (three requests: one to answer, two to age).
  const { person, citizen, province } = await citizenOfProvince();
  const ask = async (description: string) => {
    const { id } = await citizen.post('/api/disclosure/requests', { centerId: province, description, purpose: '学习研究', delivery: 'electronic' });
    return (await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView;
  };
  const toAnswer = await ask('2025年度省政务服务中心部门预算公开说明');
  const late = await ask('2024年省本级行政事业性收费目录清单');
  const soon = await ask('省政务服务中心2026年应急预案全文');
  assert.equal(toAnswer.status, 'received');
  assert.ok(toAnswer.dueDate, 'the clock starts on receipt');

  // Time passes for two of them (the server runs on the real clock): one is past its due date, one due in two days.
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    await db.query(`UPDATE disclosure_requests SET received_date = ${today} - 40, due_date = ${today} - 5 WHERE id = $1`, [late.id]);
    await db.query(`UPDATE disclosure_requests SET received_date = ${today} - 26, due_date = ${today} + 2 WHERE id = $1`, [soon.id]);
  } finally {
    await db.end();
  }

  const soonAged = (await citizen.get(`/api/disclosure/requests/${soon.id}`)) as RequestView;

  // The officer signs in and lands on the desk; on a phone the list shows the due dates, overdue and due soon marked.
  const officer = await e.newPage();
  await signInPage(officer, 'disclosure1');
  await officer.waitForURL('**/workbench/disclosure');
  await officer.setViewportSize({ width: 390, height: 844 });
  await officer.getByTestId('disclosure-desk').waitFor();
  const table = officer.getByTestId('dis-requests');
  const rowOf = (no: string) => table.locator('tr', { hasText: no });
  await rowOf(toAnswer.requestNo).waitFor();
  assert.equal(await rowOf(late.requestNo).getByTestId('dis-due').getAttribute('data-due'), 'overdue');
  await rowOf(late.requestNo).getByText('已逾期').waitFor();
  assert.equal(await rowOf(soon.requestNo).getByTestId('dis-due').getAttribute('data-due'), 'soon');
  await rowOf(soon.requestNo).getByText('即将到期').waitFor();
  assert.equal(await rowOf(toAnswer.requestNo).getByTestId('dis-due').getAttribute('data-due'), 'ok');
  await noSidewaysScroll(officer, 'the requests');
  await e.shot(officer, 'disclosure-desk-phone');

  // "Overdue only" asks the API for the overdue ones: the late request, not the others.
  await officer.getByTestId('dis-overdue-only').click();
  await rowOf(late.requestNo).waitFor();
  await rowOf(toAnswer.requestNo).waitFor({ state: 'detached' });
  assert.equal(await rowOf(soon.requestNo).count(), 0);
  await officer.getByTestId('dis-overdue-only').click();
  await rowOf(toAnswer.requestNo).waitFor();
  await noViolations(officer, '[data-testid="dis-request-link"]', 'disclosure desk (phone)');

  // The request's page: the officer may reply, ask for a correction or ask to extend; approving is the head's.
  await rowOf(toAnswer.requestNo).getByTestId('dis-request-link').click();
  await officer.getByTestId('disclosure-request').waitFor();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '办理中' }).waitFor();
  for (const a of ['reply', 'request_correction', 'request_extension']) await officer.getByTestId(`dis-act-${a}`).waitFor();
  assert.equal(await officer.getByTestId('dis-act-approve_extension').count(), 0);
  assert.equal(await officer.getByTestId('dis-act-reject_extension').count(), 0);
  await noViolations(officer, '[data-testid="dis-act-reply"]', 'disclosure request (phone)');

  // A full disclosure needs the information or where to get it: the form says so before anything is sent.
  await officer.getByTestId('dis-act-reply').click();
  await officer.getByTestId('dis-reply-types').getByText('予以公开').click();
  await officer.getByTestId('dis-act-submit').click();
  await officer.locator('.ant-form-item-explain-error').first().waitFor();
  assert.equal(((await citizen.get(`/api/disclosure/requests/${toAnswer.id}`)) as RequestView).status, 'received', 'nothing sent');
  const reply = '该信息已在本中心门户网站“财政预决算”栏目公开，网址：https://zwfw.example.gov.cn/disclosure';
  await officer.getByTestId('dis-field-text').fill(reply);
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-done').waitFor();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '已答复' }).waitFor();
  await officer.getByTestId('dis-reply-type').filter({ hasText: '予以公开' }).waitFor();
  await officer.getByTestId('dis-no-actions').waitFor();
  await noSidewaysScroll(officer, 'the answered request');
  await e.shot(officer, 'disclosure-request-replied-phone');
  // The reply letter downloads as a PDF.
  const href = await officer.getByTestId('dis-letter').getAttribute('href');
  assert.equal(href, `/api/disclosure/requests/${toAnswer.id}/reply.pdf`);
  const letter = await officer.request.get(href!);
  assert.equal(letter.status(), 200);
  assert.match(letter.headers()['content-type'] ?? '', /application\/pdf/);
  assert.equal((await letter.body()).subarray(0, 5).toString(), '%PDF-');

  // The citizen's page shows the reply and its letter.
  await person.goto('/disclosure');
  await person.getByRole('tab', { name: '依申请公开' }).click();
  const mine = person.getByTestId('disclosure-requests').locator('tr', { hasText: toAnswer.requestNo });
  await mine.getByText('已答复').waitFor();
  const link = mine.getByRole('link', { name: /予以公开/ });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/api/disclosure/requests/${toAnswer.id}/reply.pdf`);
  assert.equal((await person.request.get(`/api/disclosure/requests/${toAnswer.id}/reply.pdf`)).status(), 200);

  // An extension: the officer asks for 10 working days on the request due soon; the due date stays until the head approves.
  await officer.goto(`/workbench/disclosure/requests/${soon.id}`);
  await officer.getByTestId('dis-act-request_extension').click();
  await officer.getByTestId('dis-field-days').fill('10');
  await officer.getByTestId('dis-field-reason').fill('需向多个部门调取档案');
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-extension-pending').waitFor();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '延期审批中' }).waitFor();
  await officer.getByTestId('dis-no-actions').waitFor(); // the officer cannot approve their own request for more time
  const pending = (await citizen.get(`/api/disclosure/requests/${soon.id}`)) as RequestView;
  assert.equal(pending.dueDate, soonAged.dueDate, 'the due date does not move before the head approves');
  assert.equal(pending.status, 'extension_pending');
  assert.equal(pending.extended, false);

  // The head of the office (the manager) approves it on the workbench: the due date moves by ten working days.
  const head = await e.newPage();
  await signInPage(head, 'manager');
  await head.goto(`/workbench/disclosure/requests/${soon.id}`);
  await head.getByTestId('dis-act-approve_extension').waitFor();
  await head.getByTestId('dis-act-reject_extension').waitFor();
  await head.getByTestId('dis-act-approve_extension').click();
  await head.getByTestId('dis-field-note').fill('同意');
  await head.getByTestId('dis-act-submit').click();
  await head.getByTestId('dis-done').waitFor();
  await head.getByTestId('dis-detail-status').filter({ hasText: '办理中' }).waitFor();
  await head.getByText('已延长 10 个工作日').waitFor();
  const extended = (await citizen.get(`/api/disclosure/requests/${soon.id}`)) as RequestView;
  assert.equal(extended.extended, true);
  assert.ok(extended.dueDate! > pending.dueDate!, `due date moved: ${pending.dueDate} → ${extended.dueDate}`);
  // One extension only: the officer is not offered a second.
  await officer.reload();
  await officer.getByTestId('dis-act-reply').waitFor();
  assert.equal(await officer.getByTestId('dis-act-request_extension').count(), 0);

  // In English too: the desk's texts are all there.
  await officer.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await officer.goto('/workbench/disclosure');
  await officer.getByRole('heading', { name: 'Requests' }).waitFor();
  await rowOf(late.requestNo).getByText('Overdue').waitFor();
  await rowOf(toAnswer.requestNo).getByText('Replied').waitFor();
  await officer.goto(`/workbench/disclosure/requests/${soon.id}`);
  await officer.getByText('Extended by 10 working days').waitFor();
  await officer.getByTestId('dis-act-reply').filter({ hasText: 'Reply' }).waitFor();
  await noViolations(officer, '[data-testid="dis-act-reply"]', 'disclosure request (phone, English)');

  // A staff member without the disclosure role does not get the page's data: the API refuses.
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const list = await clerk.request.get('/api/disclosure/requests');
  assert.equal(list.status(), 403);
  assert.equal((await list.json()).code, 'FORBIDDEN');
  const one = await clerk.request.get(`/api/disclosure/requests/${toAnswer.id}`);
  assert.equal(one.status(), 403);
  const letterRefused = await clerk.request.get(`/api/disclosure/requests/${toAnswer.id}/reply.pdf`);
  assert.equal(letterRefused.status(), 403);
  const act = await clerk.request.post(`/api/disclosure/requests/${soon.id}/actions`, {
    data: { action: 'reply', replyType: 'not_exist', reason: '无' }, headers: { 'x-csrf-token': (await (await clerk.request.get('/api/auth/me')).json()).csrfToken },
  });
  assert.equal(act.status(), 403);
  assert.equal(((await citizen.get(`/api/disclosure/requests/${soon.id}`)) as RequestView).status, 'received', 'nothing written');
  await clerk.goto('/workbench/disclosure');
  await clerk.getByText('无权执行此操作').waitFor();
  assert.equal(await clerk.getByTestId('dis-request-link').count(), 0);
  assert.equal(await clerk.getByTestId('wb-nav-disclosure').count(), 0);
});

test('补正 is asked for once, within 7 working days, with a period to correct in the requester sees; an overdue request offers neither a correction nor an extension', async () => {
  const { person, citizen, province } = await citizenOfProvince();
  const ask = async (description: string) => (await citizen.post('/api/disclosure/requests', { centerId: province, description, delivery: 'electronic' })).id as string;
  const fresh = await ask('有关文件');
  const aged = await ask('2023年省本级收费目录');
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    await db.query(`UPDATE disclosure_requests SET received_date = ${today} - 40, due_date = ${today} - 5 WHERE id = $1`, [aged]);
  } finally {
    await db.end();
  }

  const officer = await e.newPage();
  await signInPage(officer, 'disclosure1');
  await officer.setViewportSize({ width: 390, height: 844 });
  // Past the 7th working day and the reply's due date: only the reply is offered.
  await officer.goto(`/workbench/disclosure/requests/${aged}`);
  await officer.getByTestId('dis-act-reply').waitFor();
  assert.equal(await officer.getByTestId('dis-act-request_correction').count(), 0);
  assert.equal(await officer.getByTestId('dis-act-request_extension').count(), 0);

  // A fresh request: the notice proposes 15 working days to correct in.
  await officer.goto(`/workbench/disclosure/requests/${fresh}`);
  await officer.getByTestId('dis-act-request_correction').click();
  assert.equal(await officer.getByTestId('dis-field-correction-days').inputValue(), '15');
  await officer.getByTestId('dis-field-note').fill('请写明所需文件的名称或文号');
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '待补正' }).waitFor();
  const noticed = (await citizen.get(`/api/disclosure/requests/${fresh}`)) as RequestView & { correctionDueDate: string | null };
  assert.ok(noticed.correctionDueDate, 'the notice states the last day to correct by');
  assert.equal(await officer.getByTestId('dis-correction-due').textContent(), noticed.correctionDueDate);
  assert.equal(await officer.getByTestId('dis-act-request_correction').count(), 0);

  // The requester sees the day to correct by, and corrects.
  await person.goto('/disclosure');
  await person.getByRole('tab', { name: '依申请公开' }).click();
  const row = person.getByTestId('disclosure-requests').locator('tr', { hasText: noticed.requestNo });
  await row.getByText(`请于 ${noticed.correctionDueDate} 前补正`).waitFor();
  await row.getByRole('button', { name: '补正' }).waitFor();

  // Corrected: received again, and the office may not send it back a second time.
  await citizen.post(`/api/disclosure/requests/${fresh}/actions`, { action: 'correct', description: '琼府办〔2026〕12号' });
  await officer.reload();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '办理中' }).waitFor();
  await officer.getByTestId('dis-act-reply').waitFor();
  assert.equal(await officer.getByTestId('dis-act-request_correction').count(), 0);
});

test('a third party is consulted (第三十二条): the clock stops, the citizen is told; its objection is recorded with reasons, and a full disclosure then asks for the public interest', async () => {
  const { person, citizen, province } = await citizenOfProvince();
  const { id } = await citizen.post('/api/disclosure/requests', { centerId: province, description: '某化工企业建设项目环境影响评价报告全文', delivery: 'electronic' });
  const asked = (await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView;

  const officer = await e.newPage();
  await signInPage(officer, 'disclosure1');
  await officer.goto(`/workbench/disclosure/requests/${id}`);
  await officer.getByTestId('dis-act-consult_third_party').click();
  // Both fields are required: nothing is sent without them.
  await officer.getByTestId('dis-act-submit').click();
  await officer.locator('.ant-form-item-explain-error').first().waitFor();
  assert.equal(((await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView).status, 'received', 'nothing sent');
  await officer.getByTestId('dis-field-third-party').fill('海南某化工有限公司');
  await officer.getByTestId('dis-field-matter').fill('报告中的生产工艺参数可能涉及该企业商业秘密');
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-consulting').filter({ hasText: '海南某化工有限公司' }).waitFor();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '征求第三方意见中' }).waitFor();
  // While it is asked the office does not reply, and does not consult again.
  await officer.getByTestId('dis-act-record_opinion').waitFor();
  assert.equal(await officer.getByTestId('dis-act-reply').count(), 0);
  assert.equal(await officer.getByTestId('dis-act-consult_third_party').count(), 0);
  await noViolations(officer, '[data-testid="dis-consulting"]', 'disclosure request (consulting a third party)');
  const stopped = (await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView;
  assert.deepEqual([stopped.status, stopped.dueDate], ['consulting', null]);

  // The citizen's list says the clock is stopped, and why.
  await person.goto('/disclosure');
  await person.getByRole('tab', { name: '依申请公开' }).click();
  await person.getByTestId('disclosure-requests').locator('tr', { hasText: asked.requestNo }).getByTestId('disclosure-consulting').waitFor();

  // The objection, with its reasons (required for an objection), ends the stop: the clock runs again.
  await officer.getByTestId('dis-act-record_opinion').click();
  await officer.getByTestId('dis-opinions').getByText('第三方不同意公开').click();
  await officer.getByTestId('dis-act-submit').click();
  await officer.locator('.ant-form-item-explain-error').first().waitFor();
  await officer.getByTestId('dis-field-reason').fill('工艺参数属于商业秘密，公开将造成竞争损害');
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-third-party-opinion').filter({ hasText: '第三方不同意公开' }).waitFor();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '办理中' }).waitFor();
  assert.ok(((await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView).dueDate, 'the clock runs again');

  // A full disclosure over the objection asks why the public interest requires it; with it, the request is answered.
  await officer.getByTestId('dis-act-reply').click();
  await officer.getByTestId('dis-reply-types').getByText('予以公开').click();
  await officer.getByTestId('dis-field-text').fill('报告全文见本中心门户网站');
  await officer.getByTestId('dis-field-public-interest').waitFor();
  await officer.getByTestId('dis-act-submit').click();
  await officer.locator('.ant-form-item-explain-error').first().waitFor();
  assert.equal(((await citizen.get(`/api/disclosure/requests/${id}`)) as RequestView).status, 'received', 'nothing sent');
  await officer.getByTestId('dis-field-public-interest').fill('涉及周边居民饮用水安全，不公开可能对公共利益造成重大影响');
  await officer.getByTestId('dis-act-submit').click();
  await officer.getByTestId('dis-detail-status').filter({ hasText: '已答复' }).waitFor();
  await officer.getByTestId('dis-third-party').filter({ hasText: '涉及周边居民饮用水安全' }).waitFor();
  // The letters to the third party download as one PDF from the desk; the citizen cannot read them.
  const letterHref = await officer.getByTestId('dis-third-party-letter').getAttribute('href');
  assert.equal(letterHref, `/api/disclosure/requests/${id}/third-party-letter.pdf`);
  const letters = await officer.request.get(letterHref!);
  assert.equal(letters.status(), 200);
  assert.equal((await letters.body()).subarray(0, 5).toString(), '%PDF-');
  assert.equal((await person.request.get(letterHref!)).status(), 403);
  await e.shot(officer, 'disclosure-third-party');
  await person.close();
  await officer.close();
});

test('the disclosure officer publishes by category on a phone, the disclosure point shows it; withdrawing needs a reason', async () => {
  const officer = await e.newPage();
  await signInPage(officer, 'disclosure1');
  await officer.setViewportSize({ width: 390, height: 844 });
  await officer.goto('/workbench/disclosure/publications');
  await officer.getByTestId('disclosure-publish').waitFor();
  const api = await apiOf(officer);
  const centerId = api.me.centerId;

  await chooseOption(officer, 'dis-pub-category', '财政预决算');
  const title = '2026年省政务服务中心部门预算（e2e）';
  await officer.getByTestId('dis-pub-title').fill(title);
  await officer.getByTestId('dis-pub-body').fill('一、收支预算总表……');
  await officer.getByTestId('dis-pub-submit').click();
  await officer.getByTestId('dis-pub-saved').waitFor();
  const row = officer.getByTestId('dis-pub-row').filter({ hasText: title });
  await row.waitFor();
  await noSidewaysScroll(officer, 'publishing');
  await noViolations(officer, '[data-testid="dis-pub-row"]', 'disclosure publishing (phone)');
  await e.shot(officer, 'disclosure-publish-phone');

  const published = (await api.get(`/api/public/disclosure?centerId=${centerId}&category=budgets`)).items as Array<{ id: string; title: string; year: number }>;
  const item = published.find((p) => p.title === title);
  assert.ok(item, 'on the public disclosure point under its category');
  assert.equal(item.year, Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())));

  // Withdraw: the confirm button waits for a reason; then the item leaves the public list.
  await row.getByTestId('dis-pub-withdraw').click();
  assert.equal(await row.getByTestId('dis-pub-withdraw-confirm').isDisabled(), true);
  await row.getByTestId('dis-pub-withdraw-reason').fill('标题有误，重新发布');
  await row.getByTestId('dis-pub-withdraw-confirm').click();
  await row.getByText('标题有误，重新发布').waitFor();
  const afterWithdraw = (await api.get(`/api/public/disclosure?centerId=${centerId}&category=budgets`)).items as Array<{ id: string }>;
  assert.equal(afterWithdraw.some((p) => p.id === item.id), false);

  // Another center's staff without the role: refused.
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  assert.equal((await clerk.request.get('/api/disclosure/publications')).status(), 403);
});
