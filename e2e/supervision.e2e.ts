import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { systemClock } from '../server/src/lib/clock.ts';
import { openDatabase } from '../server/src/db/database.ts';
import type { AppContext } from '../server/src/lib/context.ts';
import { sweepAllLights } from '../server/src/modules/supervision/warnings.jobs.ts';
import { apiOf, itemIdByName, signInPage, startE2E, walkInFor, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/** A walk-in case registered and accepted at the window through the API; returns its id. */
async function acceptedCase(clerk: Page, item: string, center: string, applicantName: string, seq: string) {
  const api = await apiOf(clerk);
  const id = await itemIdByName(clerk, item, center);
  const def = await api.get(`/api/items/${id}/form`);
  const form: Record<string, string> = {};
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) form[f.key] = f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of def.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await api.upload() });
  const created = await api.post('/api/counter/cases', {
    itemId: id, form, materials, idempotencyKey: randomUUID(),
    applicant: walkInFor((await api.get(`/api/items/${id}/guide`)).version.content.audiences, applicantName, seq),
  });
  const caseId = created.case.id as string;
  await api.post(`/api/cases/${caseId}/actions`, { action: 'accept' });
  return caseId;
}

/** China's calendar date, as the server's clock reads it. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A case accepted at the province's window, and the supervisor's live board open on it (its stream connected). */
async function liveBoardWithCase(applicantName: string, seq: string) {
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const caseId = await acceptedCase(clerk, '建筑工程施工许可证核发', '海南省', applicantName, seq);
  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  await sup.goto('/supervision');
  await sup.getByTestId('sup-board-page').waitFor();
  await sup.waitForFunction(() => document.querySelector('[data-testid="sup-board-page"]')?.getAttribute('data-live') === 'true');
  return { caseId, sup };
}

test('a case crossing its warning time turns yellow on the live board without a reload', async () => {
  const { caseId, sup } = await liveBoardWithCase('海南黎明建设有限公司', '011');
  const yellowBefore = Number(await sup.getByTestId('sup-tile-yellow').getAttribute('data-count'));
  assert.equal(await sup.locator(`[data-testid="sup-lit-row"][data-case-id="${caseId}"]`).count(), 0);

  // Time passes in the server's database: the warning date is today, the due date two days on.
  const today = chinaToday();
  await sql`UPDATE cases SET warning_date = ${today}::date, due_date = ${today}::date + 2, light_check_date = ${today}::date WHERE id = ${caseId}`.execute(e.db());

  // The server sweeps every minute; rather than wait for its timer, a second instance's sweep runs
  // here on the same database (SKIP LOCKED makes that safe) and its pg_notify reaches the server's stream.
  const database = openDatabase(e.databaseUrl, 2);
  try {
    const r = await sweepAllLights({ db: database.db, clock: systemClock } as unknown as AppContext);
    assert.ok(r.changed >= 1, 'the sweep turned the case yellow');
  } finally {
    await database.close();
  }
  await sup.locator(`[data-testid="sup-list-yellow"] [data-testid="sup-lit-row"][data-case-id="${caseId}"]`).waitFor();
  await sup.waitForFunction((n) => Number(document.querySelector('[data-testid="sup-tile-yellow"]')?.getAttribute('data-count')) === n, yellowBefore + 1);
  await e.shot(sup, 'supervision-board-yellow');

  // Drill down: the tile to its list, the list to the case and its full history.
  await sup.getByTestId('sup-tile-yellow').click();
  await sup.locator(`[data-testid="sup-cases-page"][data-light="yellow"] [data-testid="sup-lit-row"][data-case-id="${caseId}"]`).click();
  await sup.getByTestId('sup-case-page').waitFor();
  await sup.getByTestId('case-timeline-block').waitFor();
  await sup.locator('[data-testid="timeline-row"][data-action="case.light_changed"]').first().waitFor();
  assert.equal(await sup.getByTestId('case-light').first().getAttribute('data-light'), 'yellow');
});

test('a supervisor issues a notice on a case and the chief answers it', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const caseId = await acceptedCase(clerk, '建筑工程施工许可证核发', '海南省', '海南海生建筑有限公司', '012');

  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  await sup.goto(`/supervision/cases/${caseId}`);
  await sup.getByTestId('case-header').waitFor();
  await sup.getByTestId('notice-issue-case').click();
  await sup.getByTestId('notice-form').waitFor();
  await sup.getByTestId('notice-subject-input').fill('请说明办理进度');
  await sup.getByTestId('notice-body-input').fill('该件临近承诺时限，请于答复期限前说明办理进度及原因。');
  await sup.getByTestId('notice-submit').click();
  await sup.getByTestId('notice-form').waitFor({ state: 'hidden' });
  await sup.goto('/supervision/notices');
  const issued = sup.locator(`[data-testid="notice-row"][data-case-id="${caseId}"]`);
  await issued.waitFor();
  assert.equal(await issued.getAttribute('data-status'), 'open');
  await e.shot(sup, 'supervision-notice-issued');

  const chief = await e.newPage();
  await signInPage(chief, 'chief.housing');
  await chief.getByTestId('wb-nav-notices').click();
  await chief.getByTestId('wb-notices-page').waitFor();
  const mine = chief.locator(`[data-testid="notice-row"][data-case-id="${caseId}"]`);
  await mine.getByTestId('notice-reply-input').fill('已组织现场核查，预计三个工作日内作出决定。');
  await mine.getByTestId('notice-reply-submit').click();
  await chief.goto('/workbench/notices?status=answered');
  await chief.locator(`[data-testid="notice-row"][data-case-id="${caseId}"][data-status="answered"]`).waitFor();
  await e.shot(chief, 'supervision-notice-answered-chief');

  await sup.goto('/supervision/notices?status=answered');
  const answered = sup.locator(`[data-testid="notice-row"][data-case-id="${caseId}"]`);
  await answered.getByTestId('notice-reply').waitFor();
  assert.match(await answered.getByTestId('notice-reply').innerText(), /现场核查/);
  await sup.goto(`/supervision/cases/${caseId}`);
  await sup.locator('[data-testid="timeline-row"][data-action="case.supervision_reply"]').first().waitFor();
});

test('the hall screen shows a new completion pushed by the server', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  const centerId = (await (await clerk.request.get('/api/auth/me')).json()).user.centerId as string;

  const hall = await e.newPage();
  await hall.goto('/hall');
  await hall.locator(`[data-testid="hall-center-link"][data-center-id="${centerId}"]`).click();
  await hall.getByTestId('hall-page').waitFor();
  await hall.waitForFunction(() => document.querySelector('[data-testid="hall-page"]')?.getAttribute('data-live') === 'true');
  await hall.waitForFunction(() => document.querySelector('[data-testid="hall-completed"]')?.getAttribute('data-count') !== '');
  const completedBefore = Number(await hall.getByTestId('hall-completed').getAttribute('data-count'));

  // An instant item at the Haikou counter: accepted, reviewed on the spot, decided by the chief.
  const caseId = await acceptedCase(clerk, '个体工商户设立登记', '海口', '王小丫', '013');
  await (await apiOf(clerk)).post(`/api/cases/${caseId}/actions`, { action: 'review', proposal: 'approve', opinion: '当场审核，材料齐全' });
  const chief = await e.newPage();
  await signInPage(chief, 'hk.chief.market');
  await (await apiOf(chief)).post(`/api/cases/${caseId}/actions`, { action: 'decide', result: 'approved', reason: '符合登记条件，当场办结' });

  // Pushed, not polled: the page was never reloaded.
  await hall.waitForFunction((n) => Number(document.querySelector('[data-testid="hall-completed"]')?.getAttribute('data-count')) === n, completedBefore + 1);
  const row = hall.locator('[data-testid="hall-row"][data-status="completed"]').filter({ hasText: '个体工商户设立登记' }).first();
  await row.waitFor();
  assert.equal(await row.getByTestId('hall-applicant').innerText(), '王**');
  await e.shot(hall, 'supervision-hall-completed');
});

/**
 * The case's light set red in the database, with no notification: only a refetch can show it.
 * Set as the sweep leaves a red case (nothing more to look at: light_check_date null) and as an action
 * would (row_version moves on): otherwise the server's minute sweep, which judges a case accepted today
 * by its dates, turns it green again, or writes a green it judged just before, and the red count a
 * test waits for is never reached.
 */
const turnRed = (caseId: string) => e.db().updateTable('cases')
  .set((eb) => ({ light: 'red', light_check_date: null, row_version: eb('row_version', '+', 1) }))
  .where('id', '=', caseId).execute();

test('the live board catches up with what changed while its server could not hear the database', async () => {
  const { caseId, sup } = await liveBoardWithCase('海南守信建工有限公司', '014');
  await sup.waitForFunction(() => document.querySelector('[data-testid="sup-tile-red"]')?.getAttribute('data-count') !== '');
  const redBefore = Number(await sup.getByTestId('sup-tile-red').getAttribute('data-count'));

  // The server's LISTEN connection is cut (a failover does this), and a case turns red with no
  // notification at all: only the server's catching up after it listens again can show it.
  const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
    WHERE application_name = 'onewindow-listen' AND datname = current_database()`.execute(e.db());
  assert.equal(killed.rows[0]!.n, 1);
  await turnRed(caseId);
  // Never reloaded: the server listens again, tells the board to resync, and the board refetches.
  await sup.waitForFunction((n) => Number(document.querySelector('[data-testid="sup-tile-red"]')?.getAttribute('data-count')) === n, redBefore + 1);
  await sup.locator(`[data-testid="sup-list-red"] [data-testid="sup-lit-row"][data-case-id="${caseId}"]`).waitFor();
});

test('the live board refetches when its stream opens again after a break', async () => {
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const caseId = await acceptedCase(clerk, '建筑工程施工许可证核发', '海南省', '海南知远建设有限公司', '015');

  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  // The stream breaks as soon as it opens (an instance going away does this): the browser opens it again and again.
  let broken = 0;
  let brokenTwice!: () => void;
  const twice = new Promise<void>((resolve) => { brokenTwice = resolve; });
  await sup.route('**/api/supervision/stream', async (route) => {
    if (++broken === 2) brokenTwice();
    await route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 300\n: connected\n\n' });
  });
  await sup.goto('/supervision');
  await sup.getByTestId('sup-board-page').waitFor();
  await sup.waitForFunction(() => document.querySelector('[data-testid="sup-tile-red"]')?.getAttribute('data-count') !== '');
  const redBefore = Number(await sup.getByTestId('sup-tile-red').getAttribute('data-count'));
  await twice;

  // Changed while the board heard nothing (no notification reaches a broken stream).
  await turnRed(caseId);
  // The stream reaches the server again: the board, never reloaded, refetches what it shows.
  await sup.unroute('**/api/supervision/stream');
  await sup.waitForFunction(() => document.querySelector('[data-testid="sup-board-page"]')?.getAttribute('data-live') === 'true');
  await sup.waitForFunction((n) => Number(document.querySelector('[data-testid="sup-tile-red"]')?.getAttribute('data-count')) === n, redBefore + 1);
  await sup.locator(`[data-testid="sup-list-red"] [data-testid="sup-lit-row"][data-case-id="${caseId}"]`).waitFor();
});
