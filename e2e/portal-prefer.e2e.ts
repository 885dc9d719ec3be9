import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { apiOf, itemIdByName, samplePdf, signInPage, signInPhone, startE2E, submittedPermitCase, type E2E } from './harness.ts';

/**
 * Issue 14, what users expect from a government portal (docs/portal.md, docs/accessibility.md), in
 * Chromium: the footer of a government site from configuration; the number right after submitting,
 * named in the toast and usable in the progress query; My cases' tabs, search and stepper; the home's
 * popular, frequent and bookmarked services; the phone's case page (actions last, not full width) and
 * unbroken numbers; the wording of instant items and of guides without English; the staff faces'
 * trend chart, department ranking and inbox deadline column; the elder mode on the hall kiosk.
 */
let e: E2E;
const SITE = { SITE_CODE: '4600000001', SITE_ICP: '琼ICP备20260014号-1', SITE_PSB: '琼公网安备46010002000014号', SITE_CONTACT_EMAIL: 'service@example.gov.cn' };
before(async () => { e = await startE2E({ env: SITE }); });
after(async () => { await e.close(); });

const ENTERPRISE = '91460100MA5T00010J';

async function fillApplication(page: Page, id: string) {
  const form = await (await page.request.get(`/api/items/${id}/form`)).json();
  for (const f of form.fields.filter((x: { required: boolean }) => x.required)) {
    const field = page.getByTestId(`apply-field-${f.key}`);
    // Pre-filled from the account: kept as it is.
    if (await field.inputValue() === '') await field.fill(f.key === 'contactPhone' ? '13800138000' : '测试填写');
  }
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) {
    await page.getByTestId(`apply-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await page.getByTestId(`apply-material-${m.key}-file`).first().waitFor();
  }
}

test('the footer carries the site code, ICP and public-security filings from configuration, the site map, the privacy statement and the contact', async () => {
  for (const mobile of [false, true]) {
    const page = await e.newPage({ mobile });
    await page.goto('/');
    const footer = page.getByTestId('site-footer');
    await footer.getByTestId('footer-site-code').waitFor();
    assert.match(await footer.getByTestId('footer-site-code').innerText(), new RegExp(SITE.SITE_CODE));
    assert.equal(await footer.getByTestId('footer-icp').innerText(), SITE.SITE_ICP);
    assert.equal(await footer.getByTestId('footer-icp').getAttribute('href'), 'https://beian.miit.gov.cn/');
    assert.equal(await footer.getByTestId('footer-psb').innerText(), SITE.SITE_PSB);
    assert.equal(await footer.getByTestId('footer-psb').getAttribute('href'), 'https://beian.mps.gov.cn/');
    await e.shot(page, `portal-footer-${mobile ? 'phone' : 'desktop'}`);
    await footer.getByTestId('footer-sitemap').click();
    await page.getByTestId('sitemap-page').waitFor();
    assert.equal(await page.locator('h1').count(), 1);
    await page.getByTestId('footer-privacy').click();
    await page.getByTestId('privacy-page').waitFor();
    await page.getByTestId('footer-contact').click();
    await page.getByTestId('sitemap-contact').waitFor();
    assert.match(await page.getByTestId('sitemap-contact').innerText(), /12345/);
    assert.match(await page.getByTestId('sitemap-contact').innerText(), new RegExp(SITE.SITE_CONTACT_EMAIL.replace('.', '\\.')));
    await page.context().close();
  }
});

test('submitted online: the toast names the submission number, which with the query code finds the case in the public progress query; My cases finds it by tab and by search; the case page highlights its current step', async () => {
  const page = await e.newPage();
  await signInPage(page, ENTERPRISE);
  const permit = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  await page.goto(`/apply/${permit}`);
  await page.getByTestId('apply-form').waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="apply-field-contactName"]') as HTMLInputElement | null)?.value === '李四');
  // A postal delivery's recipient comes from the account too (nothing the account knows is asked again).
  await page.getByTestId('apply-delivery-post').click();
  await page.getByTestId('apply-delivery-name').waitFor();
  const profile = (await (await page.request.get('/api/my/profile')).json()).prefill as Record<string, string>;
  assert.equal(await page.getByTestId('apply-delivery-name').inputValue(), '李四');
  assert.equal(await page.getByTestId('apply-delivery-phone').inputValue(), '13900005678');
  assert.equal(await page.getByTestId('apply-delivery-address').inputValue(), profile.address ?? '');
  assert.equal(await page.getByTestId('apply-delivery-region').inputValue(), '', 'what the account does not know stays empty');
  await e.shot(page, 'portal-apply-delivery-prefilled');
  await page.getByTestId('apply-delivery-pickup').click();
  await fillApplication(page, permit);
  await page.getByTestId('apply-submit').click();
  const toast = page.locator('.ant-message-notice').filter({ hasText: '申请已提交' });
  await toast.waitFor();
  const submissionNo = (await toast.innerText()).match(/提交编号 (S\d{19})/)?.[1];
  assert.ok(submissionNo, `the toast names the number: ${await toast.innerText()}`);
  await page.getByTestId('my-case-page').waitFor();
  const caseId = (await page.getByTestId('my-case-page').getAttribute('data-case-id'))!;
  assert.match(await page.getByTestId('case-submission-no').innerText(), new RegExp(submissionNo));
  const queryCode = (await page.getByTestId('case-query-code').innerText()).match(/\d{6}/)?.[0];
  assert.ok(queryCode, 'the case page shows its query code');

  // The stepper: the procedure's steps in order, exactly one current, highlighted.
  const steps = page.getByTestId('case-step');
  assert.ok(await steps.count() >= 3, 'the steps of the procedure');
  const current = page.locator('[data-testid="case-step"][aria-current="step"]');
  assert.equal(await current.count(), 1);
  assert.equal(await current.getAttribute('data-state'), 'current');
  const ring = await current.locator('.ow-step-dot').evaluate((d) => getComputedStyle(d).backgroundColor);
  const pending = await page.locator('[data-testid="case-step"][data-state="todo"] .ow-step-dot').first().evaluate((d) => getComputedStyle(d).backgroundColor);
  assert.notEqual(ring, pending, 'the current step is drawn differently from the steps to come');
  await e.shot(page, 'portal-case-stepper');

  // The public progress query, signed out, by the submission number.
  const guest = await e.newPage();
  await guest.goto('/progress');
  await guest.getByTestId('progress-receipt').fill(submissionNo);
  await guest.getByTestId('progress-code').fill(queryCode);
  await guest.getByTestId('progress-submit').click();
  await guest.getByTestId('progress-result').waitFor();
  assert.equal(await guest.getByTestId('progress-result').getAttribute('data-status'), 'submitted');
  assert.match(await guest.getByTestId('progress-submission-no').innerText(), new RegExp(submissionNo));
  await e.shot(guest, 'portal-progress-by-submission-number');
  await guest.context().close();

  // My cases: the tab counts are the server's; the in-progress tab and a search by the number find it.
  await page.goto('/my/cases');
  await page.getByTestId('my-case-row').first().waitFor();
  const counts = (await (await page.request.get('/api/my/cases?pageSize=1')).json()).counts as Record<string, number>;
  for (const tab of ['all', 'in_progress', 'completed']) {
    await page.locator(`[data-testid="my-tab-${tab}"][data-count="${counts[tab]}"]`).waitFor();
  }
  await page.getByTestId('my-tab-in_progress').click();
  await page.waitForURL(/tab=in_progress/);
  await page.locator(`[data-testid="my-case-row"] >> text=${submissionNo}`).waitFor();
  await page.getByTestId('my-cases-search').locator('input').fill(submissionNo);
  await page.getByTestId('my-cases-search').locator('input').press('Enter');
  await page.waitForURL(new RegExp(`q=${submissionNo}`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="my-case-row"]').length === 1);
  assert.match(await page.getByTestId('my-case-submission-no').innerText(), new RegExp(submissionNo));
  await e.shot(page, 'portal-my-cases-search');
  await page.getByTestId('my-case-link').first().click();
  await page.locator(`[data-testid="my-case-page"][data-case-id="${caseId}"]`).waitFor();
  await page.context().close();
});

test('the home lists popular services by real case counts, my frequent services and my bookmarks (收藏) set on a guide', async () => {
  const page = await e.newPage();
  await signInPage(page, ENTERPRISE);
  await submittedPermitCase(page);
  const permit = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  // Popular services are the real counts: the province center's, straight from the database, then through the API.
  const centers = (await (await page.request.get('/api/hall/centers')).json()).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  const counted = (await db.query(`SELECT k.item_id, k.n FROM (SELECT item_id, count(*)::int AS n FROM cases WHERE center_id = $1 AND parent_id IS NULL
    AND item_id IS NOT NULL AND submitted_at >= now() - interval '90 days' GROUP BY item_id) k JOIN items i ON i.id = k.item_id
    WHERE i.hall_status = 'in_hall' ORDER BY k.n DESC, i.name LIMIT 8`, [province])).rows as Array<{ item_id: string; n: number }>;
  await db.end();
  const byCenter = (await (await page.request.get(`/api/portal/popular?centerId=${province}&limit=8`)).json()).items as Array<{ itemId: string; cases: number }>;
  assert.ok(counted.some((r) => r.item_id === permit), 'the permit, just submitted, is counted');
  assert.deepEqual(byCenter.map((p) => [p.itemId, p.cases]), counted.map((r) => [r.item_id, r.n]), 'the API answers the real counts, most first');

  // Bookmark the guide's star.
  await page.goto(`/items/${permit}`);
  const star = page.getByTestId('bookmark-star').first();
  await star.waitFor();
  assert.equal(await star.getAttribute('aria-pressed'), 'false');
  await star.click();
  await page.locator('[data-testid="bookmark-star"][aria-pressed="true"]').first().waitFor();

  // The home shows the popular services of the center chosen there (kept on the device).
  await page.evaluate((id) => localStorage.setItem('ow.center', id), province);
  await page.goto('/');
  await page.getByTestId('popular-item').first().waitFor();
  const shown = await page.getByTestId('popular-item').evaluateAll((els) => els.map((a) => ({ itemId: a.getAttribute('data-item-id'), cases: Number(a.getAttribute('data-cases')) })));
  assert.deepEqual(shown, byCenter.map((p) => ({ itemId: p.itemId, cases: p.cases })), 'the home shows the counted list, in its order');
  await page.locator(`[data-testid="home-frequent"] [data-testid="frequent-item"][data-item-id="${permit}"]`).waitFor();
  await page.locator(`[data-testid="home-bookmarks"] [data-testid="bookmark-item"][data-item-id="${permit}"]`).waitFor();
  await e.shot(page, 'portal-home-services');

  // Un-bookmarked, it leaves the home.
  await page.goto(`/items/${permit}`);
  await page.locator('[data-testid="bookmark-star"][aria-pressed="true"]').first().click();
  await page.locator('[data-testid="bookmark-star"][aria-pressed="false"]').first().waitFor();
  await page.goto('/');
  await page.getByTestId('home-frequent').waitFor();
  assert.equal(await page.getByTestId('bookmark-item').count(), 0);
  await page.context().close();
});

test("on a phone the case's withdrawal comes after the case's content and is not full width; numbers are not broken across lines", async () => {
  const setup = await e.newPage();
  await signInPage(setup, ENTERPRISE);
  const caseId = await submittedPermitCase(setup);
  await setup.context().close();
  const context = await e.browser.newContext({ baseURL: e.baseUrl, locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signInPhone(page, ENTERPRISE);
  await page.goto(`/my/cases/${caseId}`);
  const withdraw = page.getByTestId('action-withdraw');
  await withdraw.waitFor();
  const order = await page.evaluate(() => {
    const main = document.getElementById('main-content')!;
    const buttons = [...main.querySelectorAll('button, a.ant-btn')].filter((b) => (b as HTMLElement).offsetParent !== null);
    const w = main.querySelector('[data-testid="action-withdraw"]')!;
    const materials = main.querySelector('[data-testid="case-materials"]')!;
    return { first: buttons[0]?.getAttribute('data-testid') ?? buttons[0]?.textContent, afterMaterials: !!(materials.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING) };
  });
  assert.notEqual(order.first, 'action-withdraw', 'not the first button of the page');
  assert.ok(order.afterMaterials, "after the case's materials");
  const box = (await withdraw.boundingBox())!;
  assert.ok(box.width < 360 * 0.6, `not full width (${box.width} px of 360)`);
  const header = (await page.getByTestId('case-header').boundingBox())!;
  assert.ok(box.y > header.y + header.height, 'below the header');
  // The submission number stays on one line.
  const lines = await page.getByTestId('case-submission-no').locator('.ow-nowrap').evaluate((el) => el.getClientRects().length);
  assert.equal(lines, 1, 'the submission number on one line');
  await e.shot(page, 'portal-phone-case');

  // A guide's material numbers stay with their first word.
  const permit = await itemIdByName(page, '建筑工程施工许可证核发', '海南省');
  await page.goto(`/items/${permit}`);
  await page.getByTestId('material-no').first().waitFor();
  const broken = await page.getByTestId('material-no').evaluateAll((els) => els.filter((el) => {
    const own = el.getBoundingClientRect();
    const next = el.nextElementSibling?.getClientRects()[0];
    return el.getClientRects().length !== 1 || (next !== undefined && next.top > own.bottom - 1);
  }).length);
  assert.equal(broken, 0, 'no material number broken from its name');
  await context.close();
});

test('wording: an instant item reads "当场办结 / Done on the spot"; a guide without English says so once, in English', async () => {
  const page = await e.newPage();
  const rows: Array<{ id: string; nameEn: string | null; promisedLimitDays: number }> = [];
  for (let p = 1; p <= 5; p++) {
    const r = await (await page.request.get(`/api/items?page=${p}&pageSize=100`)).json();
    rows.push(...r.items);
    if (rows.length >= r.total) break;
  }
  const instant = rows.find((r) => r.promisedLimitDays === 0);
  assert.ok(instant, 'the demo has an instant item');
  await page.goto(`/items/${instant.id}`);
  await page.getByTestId('guide-title').waitFor();
  const zh = await page.getByTestId('guide-page').innerText();
  assert.match(zh, /当场办结/);
  assert.doesNotMatch(zh, /承诺 0 个工作日|0 个工作日/);

  // In English: an item with no English name says so once, at the top; one with English says the Chinese is authoritative.
  await page.evaluate(() => localStorage.setItem('ow.lang', 'en'));
  await page.reload();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByTestId('guide-title').waitFor();
  const en = await page.getByTestId('guide-page').innerText();
  assert.match(en, /Done on the spot/);
  assert.doesNotMatch(en, /\b0 working days/);
  // One notice whatever the item has: none (no English), only its name, or English texts beside the Chinese.
  type Content = { nameEn?: string; materials?: Array<{ nameEn?: string }>; procedure?: Array<{ nameEn?: string }>; conditionsEn?: string[] };
  const detail = async (id: string) => (await (await page.request.get(`/api/items/${id}/guide`)).json()).version.content as Content;
  const beyondName = (c: Content) => !!(c.materials?.some((m) => m.nameEn) || c.procedure?.some((x) => x.nameEn) || c.conditionsEn?.length);
  let nameOnly: string | null = null;
  for (const r of rows.filter((x) => x.nameEn)) if (!beyondName(await detail(r.id))) { nameOnly = r.id; break; }
  assert.ok(nameOnly, 'the demo has an item with an English name only');
  await page.goto(`/items/${nameOnly}`);
  await page.getByTestId('guide-no-english').waitFor();
  assert.match(await page.getByTestId('guide-no-english').innerText(), /Only this service's name has English text/);
  assert.equal(await page.getByTestId('guide-english-reference').count(), 0, 'said once');
  const foreign = await itemIdByName(page, '涉外投资文书翻译服务', '海南省');
  assert.ok(beyondName(await detail(foreign)));
  await page.goto(`/items/${foreign}`);
  await page.getByTestId('guide-english-reference').waitFor();
  assert.equal(await page.getByTestId('guide-english-reference').count(), 1);
  assert.equal(await page.getByTestId('guide-no-english').count(), 0, 'not also "only the name has English"');
  assert.match(await page.getByTestId('guide-title').innerText(), /[A-Za-z]{4}/, 'the English name as the title');
  await page.getByTestId('material-name-en').first().waitFor();
  await e.shot(page, 'portal-guide-english');
  await page.context().close();
});

test("staff faces: the trend chart's accepted, completed and overdue series are distinct; the ranking lists only departments with cases; the inbox's deadline column says which deadline", async () => {
  const applicant = await e.newPage();
  await signInPage(applicant, ENTERPRISE);
  const waiting = await submittedPermitCase(applicant);
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  await clerk.goto('/workbench?box=intake');
  await clerk.getByTestId('inbox-page').waitFor();
  await clerk.getByTestId('inbox-due-date').first().waitFor();
  const header = await clerk.locator('[data-testid="inbox-page"] th').allInnerTexts();
  assert.ok(header.some((h) => /期限（办结 \/ 受理）/.test(h)), `the column names its deadlines: ${header.join(' | ')}`);
  const kinds = await clerk.getByTestId('inbox-due-date').evaluateAll((els) => els.map((el) => [el.getAttribute('data-deadline') ?? '', el.textContent ?? ''] as const));
  for (const [kind, text] of kinds) {
    if (kind === 'acceptance') assert.match(text, /受理期限/);
    if (kind === 'completion') assert.match(text, /办结期限/);
  }
  assert.ok(kinds.some(([k]) => k === 'acceptance'), 'the submitted case shows its acceptance deadline');

  // The toast after accepting says what happened: the action, the new status and the receipt number.
  await clerk.goto(`/workbench/cases/${waiting}`);
  await clerk.getByTestId('action-accept').click();
  await clerk.getByTestId('action-form').waitFor();
  await clerk.getByTestId('action-submit').click();
  const toast = clerk.locator('.ant-message-notice').filter({ hasText: '受理编号' });
  await toast.waitFor();
  const receipt = (await (await clerk.request.get(`/api/cases/${waiting}`)).json()).receiptNo as string;
  assert.ok(receipt);
  assert.match(await toast.innerText(), new RegExp(`受理：完成，办件现为“[^”]+”，受理编号 ${receipt}`), 'names the action, the status and the receipt');

  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  await sup.goto('/supervision');
  await sup.getByTestId('sup-tiles').waitFor();
  const chart = sup.getByTestId('sup-trend-chart');
  await chart.locator('canvas').waitFor();
  assert.equal(await chart.getAttribute('data-series'), 'line:solid:circle,line:dashed:diamond,bar', 'accepted and completed told apart by line and marker, overdue as bars');
  const board = await (await sup.request.get(`/api/supervision/board?centerId=${(await apiOf(sup)).me.centerId}`)).json();
  const withCases = (board.departments as Array<{ open: number; completed: number }>).filter((d) => d.open > 0 || d.completed > 0);
  assert.ok(withCases.length > 0 && withCases.length < board.departments.length, 'some departments have cases, some none');
  await sup.locator('[data-testid="sup-dept-row"]').first().waitFor();
  assert.equal(await sup.getByTestId('sup-dept-row').count(), withCases.length, 'one row per department with cases, no rows of zeros');
  await e.shot(sup, 'supervision-board-trend-ranking');
});

test('the hall kiosk has the elder mode: larger targets, kept on that kiosk after a reload', async () => {
  const page = await e.newPage();
  await page.goto('/queue/kiosk?token=demo-kiosk-province');
  const zone = page.getByTestId('kiosk-zone-A');
  await zone.waitFor();
  const before = (await zone.boundingBox())!.height;
  const font = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await page.getByTestId('elder-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
  assert.equal(await page.getByTestId('elder-toggle').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction((f) => parseFloat(getComputedStyle(document.body).fontSize) > f, font);
  assert.ok((await page.getByTestId('elder-toggle').boundingBox())!.height >= 44);
  assert.ok((await zone.boundingBox())!.height >= Math.max(before, 44));
  await page.reload();
  await zone.waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.elder), 'on', 'kept on this kiosk');
  await e.shot(page, 'hall-kiosk-elder');
});

test('on a narrow kiosk, in English and in elder mode, every zone name stays inside its button', async () => {
  const page = await e.newPage({ mobile: true });
  await page.goto('/queue/kiosk?token=demo-kiosk-province');
  await page.getByTestId('kiosk-zone-A').waitFor();
  await page.getByTestId('elder-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const zones = await page.$$eval('[data-testid^="kiosk-zone-"]', (buttons) => buttons.map((b) => {
    const box = b.getBoundingClientRect();
    const outside = [...b.querySelectorAll('span')].some((s) => {
      const r = s.getBoundingClientRect();
      return r.right > box.right + 1 || r.left < box.left - 1;
    });
    const [name, waiting] = [...b.querySelectorAll(':scope > span')].map((x) => x.getBoundingClientRect());
    return { name: b.textContent, outside, clipped: b.scrollWidth > b.clientWidth + 1, pageWide: box.right > window.innerWidth + 1, sideBySide: !name || !waiting || waiting.top < name.bottom - 1 };
  }));
  assert.ok(zones.length >= 2, 'the demo hall has zones');
  assert.deepEqual(zones.filter((z) => z.outside || z.clipped || z.pageWide || z.sideBySide), [], 'each name inside its button and the screen, its waiting count below it');
  await e.shot(page, 'hall-kiosk-narrow-en-elder');
});
