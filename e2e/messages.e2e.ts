import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { apiOf, itemIdByName, signInPage, startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

/**
 * Messages to applicants in the browser: the enterprise applies online, the window accepts the case;
 * the bell in the portal header shows one unread message, the message centre lists it in bold and
 * opening it goes to the case and clears the bell; the simulated SMS gateway recorded the SMS (sent by
 * the server's own job worker).
 */
test('the window accepts a case: the bell shows 1, the message opens the case, and the SMS was sent', async () => {
  const applicant = await e.newPage();
  await signInPage(applicant, '91460100MA5T00010J');
  const a = await apiOf(applicant);
  // Start from a clean bell (the demo data's own messages).
  await a.post('/api/my/messages/read-all', {});
  const permit = await itemIdByName(applicant, '建筑工程施工许可证核发', '海南省');
  const form = await a.get(`/api/items/${permit}/form`);
  const values: Record<string, string> = {};
  for (const f of form.fields) if (f.required) values[f.key] = f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await a.upload() });
  const c = (await a.post('/api/cases', { itemId: permit, form: values, materials, idempotencyKey: randomUUID() })).case;

  await applicant.goto('/');
  await applicant.locator('[data-testid="message-bell"][data-unread="0"]').waitFor();
  const clerk = await e.newPage();
  await signInPage(clerk, 'window1');
  const accepted = (await (await apiOf(clerk)).post(`/api/cases/${c.id}/actions`, { action: 'accept' })).case as { receiptNo: string };

  // The next page the applicant opens asks again: the acceptance, and the ratings module's invitation
  // to rate the acceptance (issue 13) that rides on the same event.
  await applicant.goto('/items');
  const bell = applicant.locator('[data-testid="message-bell"][data-unread="2"]');
  await bell.waitFor();
  assert.equal(await bell.getAttribute('aria-label'), '消息，2 条未读');
  await e.shot(applicant, 'messages-bell');
  await bell.click();
  const row = applicant.locator('[data-testid="message-row"][data-kind="case.accepted"][data-read="false"]');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /办件已受理/);
  assert.ok(text.includes(accepted.receiptNo) && text.includes('建筑工程施工许可证核发'), text);
  assert.equal(await row.getByTestId('message-title').evaluate((el) => getComputedStyle(el).fontWeight), '700', 'unread in bold');
  await applicant.getByTestId('message-preferences').waitFor();
  assert.match(await applicant.getByTestId('message-preferences-phone').innerText(), /139\*\*\*\*5678/);
  // Every group and kind of the SMS settings by its name, never by its code (`rating.invited`, `trading` …).
  const settings = await applicant.getByTestId('message-preferences').innerText();
  assert.ok(settings.includes('评价') && settings.includes('公共资源交易'), settings);
  assert.doesNotMatch(settings, /\b[a-z]+(\.[a-z_]+)?\b/, 'a code shown instead of a name');
  await e.shot(applicant, 'messages-page');
  await row.click();
  await applicant.waitForURL(`**/my/cases/${c.id}`);
  // Opening the acceptance read it; the invitation to rate stays unread.
  await applicant.locator('[data-testid="message-bell"][data-unread="1"]').waitFor();

  // The server's job worker sent the SMS through the simulated gateway: wait for its row (bounded).
  const db = new pg.Client({ connectionString: e.databaseUrl });
  await db.connect();
  try {
    let sms: Array<{ phone: string; text: string }> = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && sms.length === 0;) {
      sms = (await db.query<{ phone: string; text: string }>(
        `SELECT s.phone, s.text FROM sim_sms_messages s JOIN outbound_messages o ON s.client_ref = 'ow-out-' || o.id
           JOIN applicant_messages m ON m.id = o.message_id WHERE m.case_id = $1 AND m.kind = 'case.accepted'`, [c.id])).rows;
      if (sms.length === 0) await applicant.waitForTimeout(250);
    }
    assert.equal(sms.length, 1, 'one SMS for the acceptance');
    assert.equal(sms[0]!.phone, '13900005678');
    assert.ok(sms[0]!.text.startsWith('【一窗通办】办件已受理') && sms[0]!.text.includes(accepted.receiptNo), sms[0]!.text);
  } finally {
    await db.end();
  }
});
