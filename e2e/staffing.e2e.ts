import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiOf, clearOf, openAroundTheClock, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const chinaNow = () => new Date(Date.now() + 8 * 3600_000).toISOString();
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);


test('a clerk signs in at the window, asks for leave with a substitute, the manager approves it and writes the annual assessment', async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  const m = await apiOf(manager);
  await openAroundTheClock(manager);
  const me = await (await manager.request.get('/api/auth/me')).json();
  const staff = (await m.get('/api/staffing/staff')).staff as Array<{ id: string; name: string; username: string; windowId: string }>;
  const clerk = staff.find((s) => s.username === 'window1')!;
  const substitute = staff.find((s) => s.username === 'delivery1')!;
  // window1 sits at their window in the shift under way (the demo schedule has it on working days; a weekend gets it here).
  const today = chinaNow().slice(0, 10);
  await clearOf('noon', 3 * 60_000);
  const shift = Number(chinaNow().slice(11, 13)) < 12 ? 'am' : 'pm';
  const put = await manager.request.post('/api/staffing/schedule', { data: { userId: clerk.id, windowId: clerk.windowId, day: today, shift }, headers: { 'x-csrf-token': me.csrfToken } });
  assert.ok([201, 409].includes(put.status()), await put.text());
  // And on a day three weeks on, which the leave will need a substitute for (the first day the center works).
  let leaveDay = addDays(today, 21);
  for (;;) {
    const r = await manager.request.post('/api/staffing/schedule', { data: { userId: clerk.id, windowId: clerk.windowId, day: leaveDay, shift: 'am' }, headers: { 'x-csrf-token': me.csrfToken } });
    if (r.status() === 201) break;
    assert.equal((await r.json()).code, 'STAFF_DAY_CLOSED');
    leaveDay = addDays(leaveDay, 1);
  }

  // The clerk, on a phone: signs in at the window.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent('/workbench/attendance')}`);
  await phone.getByTestId('login-name').fill('window1');
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.getByTestId('staffing-me').waitFor();
  await phone.getByTestId(`staffing-shift-${shift}`).waitFor();
  await phone.getByTestId('staffing-sign-in').click();
  await phone.getByTestId(`staffing-shift-${shift}`).filter({ hasText: '已签到' }).waitFor();
  assert.ok(await phone.getByTestId('staffing-sign-out').isEnabled());
  assert.ok(!(await phone.getByTestId('staffing-sign-in').isEnabled()), 'one sign-in per shift');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `the page fits the phone (${width}px)`);
  await e.shot(phone, 'staffing-clerk-signed-in');

  // Leave with a substitute.
  await phone.getByTestId('leave-from').fill(leaveDay);
  await phone.getByTestId('leave-to').fill(leaveDay);
  await phone.getByTestId('leave-reason').fill('参加业务培训');
  await chooseOption(phone, 'leave-substitute', substitute.name);
  await phone.getByTestId('leave-submit').click();
  await phone.getByTestId('my-leaves').filter({ hasText: '待审批' }).waitFor();

  // The manager approves it on the staff page.
  await manager.goto('/workbench/staffing');
  await manager.getByTestId('staffing-page').waitFor();
  await manager.getByTestId('tab-leaves').click();
  await manager.getByTestId(`leave-approve-${clerk.name}`).first().click();
  await manager.getByTestId('staffing-leaves').filter({ hasText: '已批准' }).waitFor();
  const week = await m.get(`/api/staffing/schedule?from=${leaveDay}`);
  assert.ok(week.entries.some((x: { userId: string; day: string; substituteFor: string | null }) => x.userId === substitute.id && x.day === leaveDay && x.substituteFor === clerk.id),
    'the substitute sits in the clerk\'s shift');
  await e.shot(manager, 'staffing-leave-approved');

  // The annual assessment: the figures in a chart, the result written into the file.
  await manager.getByTestId('tab-assessment').click();
  await chooseOption(manager, 'assess-person', clerk.name);
  await manager.getByTestId('assess-suggested').waitFor();
  await manager.getByTestId('assess-chart').waitFor();
  await chooseOption(manager, 'assess-result', '称职');
  await manager.getByTestId('assess-comment').fill('服务规范，按时到岗');
  await manager.getByTestId('assess-write').click();
  await manager.getByTestId('assess-written').filter({ hasText: '称职' }).waitFor();
  await e.shot(manager, 'staffing-assessment');
  const year = Number(today.slice(0, 4));
  const file = await m.get(`/api/staffing/staff/${clerk.id}/assessments/${year}`);
  assert.equal(file.written.result, 'competent');
});
