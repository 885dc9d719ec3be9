import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { DEMO_PERSON } from '../server/src/seed/seed.ts';
import { itemIdByName, samplePdf, signInPage, startE2E, type E2E } from './harness.ts';
import { chooseOption } from './antd.ts';
import { insertLicence } from './licence-fixture.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/**
 * Issue 12, the holder's wallet and reuse: the applicant sees their licence in 我的证照 (on a phone),
 * picks it from the wallet with consent in a new application instead of uploading, the window sees
 * it "e-licence, verified" with its data, and the holder then sees the use and the window's look-up;
 * a share link shows the licence to anyone with the holder's code and name masked.
 */
test('the applicant sees a licence in the wallet and uses it in a new application; the window sees it verified', async () => {
  const number = `Q4601002026${String(Date.now()).slice(-6)}`;
  const licenceId = await insertLicence(e.databaseUrl, {
    typeCode: '出生医学证明电子证照', typeName: '出生医学证明', holderName: DEMO_PERSON.name, holderCodeType: 'id_number', holderCode: DEMO_PERSON.idNumber, number,
  });

  // The wallet, on a phone.
  const phone = await e.newPage({ mobile: true });
  await phone.goto(`/login?next=${encodeURIComponent('/my/licences')}`);
  await phone.getByTestId('login-name').fill(DEMO_PERSON.idNumber);
  await phone.getByTestId('login-password').fill('Demo@2026');
  await phone.getByTestId('login-submit').click();
  await phone.waitForURL((u) => u.pathname === '/my/licences');
  const row = phone.getByTestId('my-licence-row').filter({ hasText: number });
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'valid');
  await e.shot(phone, 'wallet-list-phone');
  await row.click();
  await phone.getByTestId('licence-facts').waitFor();
  assert.equal(await phone.getByTestId('licence-number').textContent(), number);
  assert.equal(await phone.getByTestId('licence-holder-code').textContent(), DEMO_PERSON.idNumber, 'the holder sees their own code whole');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page fits the phone's width (overflow ${overflow}px)`);
  await e.shot(phone, 'wallet-detail-phone');

  // A new application: the material that accepts the licence takes it from the wallet, with consent.
  const page = await e.newPage();
  await signInPage(page, DEMO_PERSON.idNumber);
  const itemId = await itemIdByName(page, '出生登记', '海口市');
  const def = await (await page.request.get(`/api/items/${itemId}/form`)).json();
  const required = def.materials.filter((m: { requirement: string }) => m.requirement === 'required') as Array<{ key: string }>;
  await page.goto(`/apply/${itemId}`);
  await page.getByTestId('apply-form').waitFor();
  for (const f of def.fields.filter((x: { required: boolean }) => x.required)) {
    await page.getByTestId(`apply-field-${f.key}`).fill(f.key === 'contactPhone' ? '13800138000' : '测试填写');
  }
  await page.getByTestId('apply-material-birth_certificate-use-elicence').check();
  await chooseOption(page, 'apply-material-birth_certificate-wallet', number);
  for (const m of required.filter((x) => x.key !== 'birth_certificate')) {
    await page.getByTestId(`apply-material-${m.key}`).locator('input[type=file]').setInputFiles(samplePdf());
    await page.getByTestId(`apply-material-${m.key}-file`).first().waitFor();
  }
  // Without consent the form does not go out.
  await page.getByTestId('apply-submit').click();
  await page.getByText('使用电子证照须勾选同意').waitFor();
  await page.getByTestId('apply-material-birth_certificate-consent').check();
  await e.shot(page, 'apply-from-wallet');
  await page.getByTestId('apply-submit').click();
  await page.getByTestId('my-case-page').waitFor();
  const caseId = (await page.getByTestId('my-case-page').getAttribute('data-case-id'))!;
  const uses = await query<{ case_id: string; purpose: string; material_key: string }>('SELECT case_id, purpose, material_key FROM elicence_uses WHERE licence_id = $1', [licenceId]);
  assert.deepEqual(uses, [{ case_id: caseId, purpose: '出生登记', material_key: 'birth_certificate' }]);

  // The window sees it verified, with its data.
  const clerk = await e.newPage();
  await signInPage(clerk, 'hk.window1');
  await clerk.goto(`/workbench/cases/${caseId}`);
  const verified = clerk.getByTestId('case-licence').filter({ hasText: number });
  await verified.waitFor();
  assert.equal(await verified.getByTestId('licence-verified').count(), 1);
  assert.ok((await verified.textContent())!.includes('海口市'), 'the licence data is shown');
  await clerk.getByTestId('mc-licence-verified').first().waitFor();
  await e.shot(clerk, 'window-licence-verified');

  // The holder sees who used it and that the window read it through the case.
  await phone.goto(`/my/licences/${licenceId}`);
  await phone.getByTestId('licence-use').first().waitFor();
  assert.equal(await phone.getByTestId('licence-use').getAttribute('data-case-id'), caseId);
  await phone.getByTestId('licence-read').first().waitFor();

  // A share link: anyone with it sees the licence, the holder's code and name masked.
  await phone.getByTestId('share-create').click();
  const link = await phone.getByTestId('share-link').inputValue();
  const stranger = await e.newPage({ mobile: true });
  await stranger.goto(new URL(link).pathname);
  await stranger.getByTestId('shared-licence').waitFor();
  const shownCode = await stranger.getByTestId('licence-holder-code').textContent();
  assert.notEqual(shownCode, DEMO_PERSON.idNumber);
  assert.match(shownCode!, /^\d{3}\*+\d{3}[\dX]$/);
  // …and the person's name as the verification page shows it (张*), nowhere whole.
  assert.ok(!(await stranger.getByTestId('licence-share-page').textContent())!.includes(DEMO_PERSON.name), 'the full name is on the public page');
  await e.shot(stranger, 'licence-share-public');
});
