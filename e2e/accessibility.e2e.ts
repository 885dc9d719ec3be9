import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decidedCase, itemIdByName, signInPage, startE2E, type E2E } from './harness.ts';
import { assertFacesAccessible, type Face } from './axe.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('every main page of every face has no serious or critical accessibility violation, in Chinese and in English', async () => {
  // A decided case of the enterprise applicant, for the case pages of the portal, the workbench and the supervision center.
  const applicant = await e.newPage();
  await signInPage(applicant, '91460100MA5T00010J');
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const approver = await e.newPage();
  await signInPage(approver, 'approver.housing');
  const chief = await e.newPage();
  await signInPage(chief, 'chief.housing');
  const caseId = await decidedCase(applicant, clerk, approver, chief);
  const permit = await itemIdByName(applicant, '建筑工程施工许可证核发', '海南省');
  const centers = (await (await applicant.request.get('/api/hall/centers')).json()).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;
  const guest = await e.newPage();
  await guest.goto('/life-events');
  const lifeEvent = await guest.locator('a[href^="/life-events/"]').first().getAttribute('href');
  assert.ok(lifeEvent, 'the demo has a life event');

  const faces: Face[] = [
    { face: 'portal', login: null, visits: [
      { name: 'home', path: '/', ready: '[data-testid="home-page"]' },
      { name: 'items', path: '/items', ready: '[data-testid="result-link"]' },
      { name: 'guide', path: `/items/${permit}`, ready: '[data-testid="guide-page"]' },
      { name: 'life events', path: '/life-events', ready: 'a[href^="/life-events/"]' },
      { name: 'life event', path: lifeEvent, ready: '[data-testid="life-event-page"]' },
      { name: 'login', path: '/login', ready: '[data-testid="login-form"]' },
      { name: 'register', path: '/register', ready: '[data-testid="register-name"]' },
      { name: 'progress', path: '/progress', ready: '[data-testid="progress-page"]' },
      { name: 'verify', path: '/verify', ready: '[data-testid="verify-page"]' },
    ] },
    { face: 'portal-applicant', login: '91460100MA5T00010J', visits: [
      { name: 'apply', path: `/apply/${permit}`, ready: '[data-testid="apply-page"]' },
      { name: 'my cases', path: '/my/cases', ready: '[data-testid="my-case-row"]' },
      { name: 'a case', path: `/my/cases/${caseId}`, ready: '[data-testid="my-case-page"]' },
      { name: 'my licences', path: '/my/licences', ready: '[data-testid="my-licences-page"]' },
    ] },
    { face: 'workbench', login: 'window1', visits: [
      { name: 'inbox', path: '/workbench', ready: '[data-testid="inbox-page"]' },
      { name: 'a case', path: `/workbench/cases/${caseId}`, ready: '[data-testid="wb-case-page"]' },
      { name: 'counter', path: '/workbench/counter', ready: '[data-testid="counter-page"]' },
    ] },
    { face: 'manager', login: 'manager', visits: [
      { name: 'items', path: '/admin/items', ready: '[data-testid="admin-items-page"]' },
      { name: 'item', path: `/admin/items/${permit}`, ready: '[data-testid="item-detail-page"]' },
      { name: 'requests', path: '/admin/requests', ready: '[data-testid="requests-page"]' },
      { name: 'org', path: '/admin/org', ready: '[data-testid="org-page"]' },
      { name: 'staff', path: '/admin/staff', ready: '[data-testid="staff-page"]' },
    ] },
    { face: 'finance', login: 'finance', visits: [
      { name: 'finance', path: '/workbench/finance', ready: '[data-testid="fin-page"]' },
      { name: 'reconciliation', path: '/workbench/reconciliation', ready: '[data-testid="recon-page"]' },
    ] },
    { face: 'bank', login: 'bank1', visits: [
      { name: 'bank window', path: '/workbench/bank', ready: '[data-testid="bank-window-page"]' },
    ] },
    { face: 'supervision', login: 'supervisor', visits: [
      { name: 'board', path: '/supervision', ready: '[data-testid="sup-tiles"]' },
      { name: 'cases', path: '/supervision/cases?light=red', ready: '[data-testid="sup-cases-page"]' },
      { name: 'a case', path: `/supervision/cases/${caseId}`, ready: '[data-testid="sup-case-page"]' },
      { name: 'performance', path: '/supervision/performance', ready: '[data-testid="sup-perf-page"]' },
    ] },
    { face: 'hall', login: null, visits: [
      { name: 'screen', path: `/hall/${province}`, ready: '[data-testid="hall-page"]' },
      { name: 'kiosk', path: '/queue/kiosk?token=demo-kiosk-province', ready: '[data-testid="kiosk-zone-A"]' },
      { name: 'display', path: `/queue/display/${province}`, ready: '[data-testid="queue-display"]' },
    ] },
  ];

  await assertFacesAccessible(e, faces, 'a11y-counts.json');
});
