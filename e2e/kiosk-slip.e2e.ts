import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pdfToText } from '../server/src/test/pdf-text.ts';
import { ARTIFACTS, openAllDay, startE2E, type E2E } from './harness.ts';

/**
 * The kiosk's slip printer (docs/hall.md "The slip printer"). A kiosk started with `?print=1` prints each ticket's
 * slip once, when it is whole (its rating QR code drawn), and again on request; one without prints nothing. What
 * it prints is the browser's own print output, made here as a real PDF by the same Chromium (`page.pdf`, the print
 * media and the slip's `@page`): one 80 mm page with the center, the number, the zone, the rating code and the time of issue,
 * and none of the kiosk's buttons. The print call is counted, not made: there is no printer here.
 */
let e: E2E;
before(async () => { e = await startE2E(); await openAllDay(e); });
after(async () => { await e.close(); });

async function kioskAt(query: string) {
  const kiosk = await e.newPage();
  await kiosk.addInitScript(() => {
    (window as unknown as { prints: number }).prints = 0;
    window.print = () => { (window as unknown as { prints: number }).prints++; };
  });
  await kiosk.goto(`/queue/kiosk?token=demo-kiosk-province${query}`);
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  return kiosk;
}
const prints = (p: Page) => p.evaluate(() => (window as unknown as { prints: number }).prints);
/** Takes a ticket in zone A and waits for its slip to be whole (the QR code's image loaded). */
async function takeTicket(kiosk: Page) {
  await kiosk.getByTestId('kiosk-zone-A').click();
  await kiosk.waitForFunction(() => (document.querySelector('[data-testid="slip-qr"]') as HTMLImageElement | null)?.complete === true);
  return {
    number: (await kiosk.getByTestId('kiosk-number').innerText()).trim(),
    code: (await kiosk.getByTestId('slip-code').innerText()).trim(),
    zone: (await kiosk.getByTestId('kiosk-ticket').locator('p').first().innerText()).trim(),
  };
}

test('a kiosk with a slip printer prints each ticket once, whole, on an 80 mm page; one without prints nothing', async () => {
  const kiosk = await kioskAt('&print=1');
  const slip = await takeTicket(kiosk);
  await kiosk.waitForFunction(() => (window as unknown as { prints: number }).prints === 1);

  // What the printer receives: the print media, the slip's page.
  await kiosk.emulateMedia({ media: 'print' });
  const pdf = await kiosk.pdf({ preferCSSPageSize: true, printBackground: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'kiosk-slip.pdf');
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info, /^Pages:\s+1$/m, info);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  assert.ok(Math.abs(Number(size[1]) - 226.8) < 1.5 && Math.abs(Number(size[2]) - 425.2) < 1.5, `80 × 150 mm: ${size[0]}`);
  const text = pdfToText(pdf).replace(/\s+/g, '');
  for (const part of [slip.number, slip.zone.replace(/\s+/g, ''), slip.code.replace(/\s+/g, ''), '取号时间', '海南省政务服务中心']) assert.ok(text.includes(part), `the slip shows ${part}\n${text}`);
  for (const button of ['完成', '重新打印', '请选择办事区域取号']) assert.ok(!text.includes(button), `no ${button} on the slip\n${text}`);
  await kiosk.emulateMedia({ media: 'screen' });

  // The page lives on (renders, the estimate's refresh): still one print. Then once more on request.
  await kiosk.getByTestId('kiosk-print').click();
  assert.equal(await prints(kiosk), 2);
  // The next person's ticket is printed too, once.
  await kiosk.getByTestId('kiosk-done').click();
  await takeTicket(kiosk);
  await kiosk.waitForFunction(() => (window as unknown as { prints: number }).prints === 3);

  // A kiosk without a printer (a new machine, nothing kept): the slip on the screen only.
  const plain = await kioskAt('');
  await takeTicket(plain);
  assert.equal(await prints(plain), 0);
  assert.equal(await plain.getByTestId('kiosk-print').count(), 0);
});
