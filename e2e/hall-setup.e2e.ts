import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeIdNumber } from '../server/src/lib/identity.ts';
import { openAroundTheClock, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption, OPEN_OPTIONS, selectEnabled } from './antd.ts';

/** The hall's second part in the browser (docs/hall.md): the manager's setup and figures pages, the waiting lights, a ticket from the phone. */
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const noSideScroll = async (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test("a manager changes a zone's capacity and the opening hours on the hall setup page", async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  await manager.goto('/admin/hall');
  await manager.getByTestId('hall-config').waitFor();
  await manager.getByTestId('hallcfg-zone-B').waitFor();

  // Zone B: four appointments per slot → seven.
  await manager.getByTestId('hallcfg-edit-B').click();
  const capacity = manager.getByTestId('hallcfg-zone-slotCapacity');
  await capacity.fill('7');
  await manager.getByTestId('hallcfg-zone-save').click();
  await manager.getByTestId('hallcfg-zone-B').getByTestId('hallcfg-zone-slot-capacity').filter({ hasText: '7' }).waitFor();

  // Monday closes at 18:00 instead of 17:00; Sunday opens 10:00–12:00 (weekend service).
  await manager.getByTestId('hallcfg-closes-1').fill('18:00');
  await manager.getByTestId('hallcfg-day-7').getByRole('checkbox').check();
  await manager.getByTestId('hallcfg-opens-7').fill('10:00');
  await manager.getByTestId('hallcfg-closes-7').fill('12:00');
  // Friday's extended hours run to midnight: a time input has no 24:00, so 00:00 stands for it.
  await manager.getByTestId('hallcfg-extended-5').fill('00:00');
  await manager.getByTestId('hallcfg-save-hours').click();
  await manager.getByText('已保存').first().waitFor();
  await e.shot(manager, 'hall-setup');

  const cfg = await (await manager.request.get('/api/admin/hall')).json();
  assert.equal(cfg.zones.find((z: { prefix: string }) => z.prefix === 'B').slotCapacity, 7);
  assert.deepEqual(cfg.hours.find((h: { weekday: number }) => h.weekday === 1), { weekday: 1, opens: '09:00', closes: '18:00', extendedUntil: null });
  assert.deepEqual(cfg.hours.find((h: { weekday: number }) => h.weekday === 7), { weekday: 7, opens: '10:00', closes: '12:00', extendedUntil: null });
  // Wednesday kept its extended hours.
  assert.equal(cfg.hours.find((h: { weekday: number }) => h.weekday === 3).extendedUntil, '19:00');
  assert.deepEqual(cfg.hours.find((h: { weekday: number }) => h.weekday === 5), { weekday: 5, opens: '09:00', closes: '17:00', extendedUntil: '24:00' });

  // Usable at 390 px: no sideways scrolling of the page.
  await manager.setViewportSize({ width: 390, height: 844 });
  await manager.reload();
  await manager.getByTestId('hallcfg-zone-B').waitFor();
  assert.ok(await noSideScroll(manager), 'the setup page fits 390 px');
  assert.equal(await manager.getByTestId('hallcfg-extended-5').inputValue(), '00:00', 'midnight shown as the input can hold it');
});

test('the figures page shows its charts at 390 px; the display shows the lights; a person takes a ticket on the phone', async () => {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  await openAroundTheClock(manager);
  const centers = (await (await manager.request.get('/api/hall/centers')).json()).centers as Array<{ id: string; name: string }>;
  const province = centers.find((c) => c.name.startsWith('海南省'))!.id;

  // The kiosk shows the presence code; a person in the hall takes a ticket on their phone with it.
  const kiosk = await e.newPage();
  await kiosk.goto('/queue/kiosk?token=demo-kiosk-province');
  const code = (await kiosk.getByTestId('kiosk-presence-code').innerText()).trim();
  assert.match(code, /^\d{6}$/);
  const phone = await e.newPage({ mobile: true });
  // On a phone the user's name sits in the menu: the sign-in is done when the page it was sent to opens.
  await phone.goto(`/login?next=${encodeURIComponent(`/my/hall?center=${province}&code=${code}`)}`);
  await phone.getByTestId('login-name').fill(makeIdNumber('460100', '19900307', '123'));
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === '/my/hall');
  await phone.getByTestId('phone-ticket').waitFor();
  // The first zone offered, chosen and checked (a bare click on the option can be lost while the list opens).
  await selectEnabled(phone.getByTestId('phone-zone'));
  await phone.getByTestId('phone-zone').click();
  const firstZone = await phone.locator(OPEN_OPTIONS).first().innerText();
  await phone.keyboard.press('Escape');
  await chooseOption(phone, 'phone-zone', firstZone.trim());
  await phone.getByTestId('phone-take').click();
  await phone.getByTestId('my-ticket').first().waitFor();
  assert.match(await phone.getByTestId('my-ticket').first().innerText(), /A\d{3}/);
  assert.ok(await noSideScroll(phone), 'the phone page fits');
  await e.shot(phone, 'hall-phone-ticket');

  // The display: per zone the number waiting and its light.
  const display = await e.newPage();
  await display.goto(`/queue/display/${province}`);
  const lightA = display.getByTestId('light-A');
  await lightA.waitFor();
  assert.match(await lightA.innerText(), /1 人等候/);
  assert.ok(['green', 'amber', 'red'].includes((await lightA.getAttribute('data-light'))!));
  await e.shot(display, 'hall-display-lights');

  // The figures, on a phone-wide screen.
  await manager.setViewportSize({ width: 390, height: 844 });
  await manager.goto('/admin/hall-figures');
  await manager.getByTestId('hall-figures').waitFor();
  await manager.getByTestId('hallfig-hour-chart').locator('canvas').waitFor();
  await manager.getByTestId('hallfig-zone-chart').locator('canvas').waitFor();
  await manager.getByTestId('hallfig-fate-chart').locator('canvas').waitFor();
  await manager.getByTestId('hallfig-row').first().waitFor();
  assert.equal(await manager.getByTestId('hallfig-hour-chart').getAttribute('data-animation'), 'off');
  assert.ok(await noSideScroll(manager), 'the figures page fits 390 px');
  await manager.getByTestId('hallfig-by-hour').click();
  await manager.locator('[data-testid="hall-figures"][data-by="hour"]').waitFor();
  await e.shot(manager, 'hall-figures');
});
