import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInPage, startE2E, type E2E } from './harness.ts';
import { assertFacesAccessible, type Face } from './axe.ts';

/**
 * Issue 14, axe on every main page of every face (docs/accessibility.md): the faces and pages
 * e2e/accessibility.e2e.ts does not scan — public resource trading (portal and trading center),
 * the 12345 hotline, the disclosure office, the department chief's desk, the rest of the portal,
 * the supervision center and the manager's console, and the hall chooser — in Chinese and English,
 * with a desktop and a phone screenshot of each face (test-results/a11y-*.png).
 */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

test('the other faces and pages have no serious or critical accessibility violation either, in Chinese and in English', async () => {
  const guest = await e.newPage();
  await guest.goto('/trading');
  await guest.getByTestId('trading-notices').waitFor();
  const tender = await guest.locator('a[href^="/trading/tenders/"]').first().getAttribute('href');
  assert.ok(tender, 'the demo has a published tender');
  const sup = await e.newPage();
  await signInPage(sup, 'supervisor');
  const board = await (await sup.request.get('/api/supervision/board')).json();
  const dept = (board.departments as Array<{ id: string; open: number; completed: number }>)[0];
  assert.ok(dept, 'the board lists departments');
  await guest.context().close();
  await sup.context().close();

  const faces: Face[] = [
    { face: 'trading', login: null, visits: [
      { name: 'notices', path: '/trading', ready: '[data-testid="trading-notices"]' },
      { name: 'a tender', path: tender, ready: '[data-testid="trading-notice"]' },
    ] },
    { face: 'trading-center', login: 'trading1', visits: [
      { name: 'evaluations', path: '/workbench/evaluations', ready: '#main-content h1, #main-content h2' },
      { name: 'disputes', path: '/workbench/tender-disputes', ready: '[data-testid="disputes-page"]' },
      { name: 'key shares', path: '/workbench/key-shares', ready: '#main-content h2' },
    ] },
    { face: 'hotline', login: 'hotline1', visits: [
      { name: 'console', path: '/workbench/hotline', ready: '[data-testid="hotline-console"]' },
      { name: 'work orders', path: '/workbench/workorders', ready: '[data-testid="workorders-page"]' },
    ] },
    { face: 'hotline-lead', login: 'hotline.lead', visits: [
      { name: 'config', path: '/workbench/hotline/config', ready: '[data-testid="hotline-config"]' },
    ] },
    { face: 'disclosure', login: 'disclosure1', visits: [
      { name: 'desk', path: '/workbench/disclosure', ready: '[data-testid="disclosure-desk"]' },
      { name: 'publications', path: '/workbench/disclosure/publications', ready: '[data-testid="disclosure-publish"]' },
    ] },
    { face: 'portal-more', login: null, visits: [
      { name: 'sitemap', path: '/sitemap', ready: '[data-testid="sitemap-page"]' },
      { name: 'privacy', path: '/privacy', ready: '[data-testid="privacy-page"]' },
      { name: 'exposure', path: '/exposure', ready: '[data-testid="exposure-page"]' },
    ] },
    { face: 'portal-person', login: '460100199003071237', visits: [
      { name: 'disclosure', path: '/disclosure', ready: '[data-testid="disclosure-page"]' },
      { name: 'messages', path: '/my/messages', ready: '[data-testid="my-messages-page"]' },
      { name: 'my hall', path: '/my/hall', ready: '[data-testid="my-hall"]' },
      { name: 'appeals', path: '/my/appeals', ready: '[data-testid="my-appeals"]' },
    ] },
    { face: 'window', login: 'window1', visits: [
      { name: 'queue panel', path: '/workbench/queue', ready: '[data-testid="queue-panel"]' },
      { name: 'attendance', path: '/workbench/attendance', ready: '[data-testid="staffing-me"]' },
      { name: 'handover', path: '/workbench/handover', ready: '[data-testid="handover-page"]' },
    ] },
    { face: 'chief', login: 'chief.housing', visits: [
      { name: 'notices', path: '/workbench/notices', ready: '[data-testid="wb-notices-page"]' },
      { name: 'coordination', path: '/workbench/coordination', ready: '[data-testid="coordination-page"]' },
      { name: 'rectifications', path: '/workbench/rectifications', ready: '[data-testid="rect-page"]' },
      { name: 'staffing', path: '/workbench/staffing', ready: '[data-testid="staffing-page"]' },
      { name: 'licences', path: '/workbench/licences', ready: '[data-testid="licences-page"]' },
    ] },
    { face: 'supervision-more', login: 'supervisor', visits: [
      { name: 'department', path: `/supervision/departments/${dept.id}`, ready: '[data-testid="sup-dept-page"]' },
      { name: 'notices', path: '/supervision/notices', ready: '[data-testid="sup-notices-page"]' },
      { name: 'findings', path: '/supervision/findings', ready: '[data-testid="sup-findings-page"]' },
      { name: 'ratings', path: '/supervision/ratings', ready: '[data-testid="rating-figures-page"]' },
      { name: 'audit', path: '/supervision/audit', ready: '[data-testid="sup-audit-page"]' },
      { name: 'network', path: '/supervision/network', ready: '[data-testid="net-tiles"]' },
      { name: 'network items', path: '/supervision/network-items', ready: '[data-testid="net-items"]' },
    ] },
    { face: 'manager-more', login: 'manager', visits: [
      { name: 'new item', path: '/admin/items/new', ready: '[data-testid="item-create-page"]' },
      { name: 'joint matters', path: '/admin/joint', ready: '[data-testid="jm-page"]' },
      { name: 'licence types', path: '/admin/licence-types', ready: '[data-testid="licence-types-page"]' },
      { name: 'seals', path: '/admin/seals', ready: '[data-testid="seals-page"]' },
      { name: 'sso', path: '/admin/sso', ready: '[data-testid="sso-page"]' },
      { name: 'integrations', path: '/admin/integrations', ready: '[data-testid="integrations-page"]' },
      { name: 'hall config', path: '/admin/hall', ready: '[data-testid="hall-config"]' },
      { name: 'hall figures', path: '/admin/hall-figures', ready: '[data-testid="hall-figures"]' },
      { name: 'hall queue', path: '/admin/hall-queue', ready: '[data-testid="hall-queue-list"]' },
    ] },
    { face: 'hall-chooser', login: null, visits: [
      { name: 'chooser', path: '/hall', ready: '[data-testid="hall-chooser"]' },
    ] },
  ];

  await assertFacesAccessible(e, faces, 'a11y-counts-faces.json');
});
