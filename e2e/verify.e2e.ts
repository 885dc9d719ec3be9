import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, decidedCase, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/**
 * The public verification page (no sign-in): the decision letter signed with the housing
 * department's e-seal, uploaded intact (valid, unchanged) and with one byte changed (changed), and
 * opened by its QR link (the signature record, no file to compare).
 */
test('public verification: an intact signed PDF verifies, a PDF with one changed byte does not, the QR link shows the record', async () => {
  const [applicant, clerk, approver, chief] = await Promise.all([e.newPage(), e.newPage(), e.newPage(), e.newPage()]);
  await signInPage(applicant, '91460100MA5T00010J');
  await signInPage(clerk, 'window1');
  await signInPage(approver, 'approver.housing');
  await signInPage(chief, 'chief.housing');
  const id = await decidedCase(applicant, clerk, approver, chief);
  const res = await applicant.request.get(`/api/cases/${id}/documents/decision`);
  assert.equal(res.status(), 200);
  const pdf = Buffer.from(await res.body());
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const intact = path.join(ARTIFACTS, 'verify-intact.pdf');
  const changed = path.join(ARTIFACTS, 'verify-changed.pdf');
  fs.writeFileSync(intact, pdf);
  const bad = Buffer.from(pdf);
  const at = Math.floor(bad.length / 2);
  bad[at] = bad[at]! ^ 0x01;
  fs.writeFileSync(changed, bad);

  const visitor = await e.newPage();
  await visitor.goto('/verify');
  await visitor.getByTestId('verify-page').waitFor();
  const upload = async (file: string) => {
    await visitor.locator('input[type=file]').setInputFiles(file);
    await visitor.getByTestId('verify-submit').click();
  };
  await upload(intact);
  const result = visitor.getByTestId('verify-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-intact'), 'true');
  assert.equal(await result.getAttribute('data-signature'), 'true');
  assert.match(await visitor.getByTestId('verify-verdict').innerText(), /电子签章有效，文件未被改动/);
  assert.match(await visitor.getByTestId('verify-issuer').innerText(), /住房/);
  assert.equal(await visitor.getByTestId('verify-status').locator('[data-status]').getAttribute('data-status'), 'valid');
  assert.match(await visitor.getByTestId('verify-holder').innerText(), /\*{4}/, 'the holder\'s code is masked');
  const code = (await visitor.getByTestId('verify-id').innerText()).trim();
  await e.shot(visitor, 'verify-intact');

  await upload(changed);
  await visitor.locator('[data-testid="verify-result"][data-intact="false"]').waitFor();
  assert.match(await visitor.getByTestId('verify-verdict').innerText(), /文件已被改动/);
  await e.shot(visitor, 'verify-changed');

  // The QR link: the record and the status now; no file, so integrity is not claimed.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/verify/${code}`);
  await phone.locator('[data-testid="verify-result"][data-intact="null"]').waitFor();
  assert.equal(await phone.getByTestId('verify-result').getAttribute('data-signature'), 'true');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scroll on a phone (${overflow}px)`);
  await e.shot(phone, 'verify-qr-phone');
});
