import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caseDocumentText } from '../../test/pdf-text.ts';
import { caseActionOk, itemIdByName, receiveMaterials, signIn, submittedCase, testApp, type TestApp } from '../../test/harness.ts';

/**
 * Foreign applicants (issue 17, docs/portal.md "Foreign applicants"): the decision letter of a case whose
 * applicant registered with a passport carries the English beside the Chinese, the Chinese authoritative
 * (documents-en.ts); read from the real PDF. The receipt is covered by auth/foreign.test.ts.
 */
let t: TestApp;
before(async () => { t = await testApp({ env: { SESSION_TTL_HOURS: '100000' } }); });
after(() => t.close());


test('a passport holder\'s refusal decision is in Chinese and English, with the remedy in both, the Chinese authoritative', async () => {
  const reg = await t.app.inject({
    method: 'POST', url: '/api/auth/register-foreign',
    payload: { name: 'Ana Souza', phone: '+5511987654321', password: 'Secret123', nationality: 'BRA', docKind: 'passport', docNumber: 'FX123456' },
  });
  assert.equal(reg.statusCode, 201, reg.body);
  const [foreigner, window1, approver, chief] = await Promise.all([
    signIn(t.app, 'FX123456', 'Secret123'), signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.approver.market'), signIn(t.app, 'hk.chief.market'),
  ]);
  const itemId = await itemIdByName(t.app, '个体工商户设立登记', '海口');
  const id = (await submittedCase(t.app, foreigner, itemId)).id;
  await receiveMaterials(window1, id);
  await caseActionOk(window1, id, { action: 'accept' });
  await caseActionOk(approver, id, { action: 'review', opinion: '经营场所证明不符合要求', proposal: 'deny' });
  await caseActionOk(chief, id, { action: 'decide', result: 'denied', reason: '经营场所证明不符合要求' });
  const decision = await caseDocumentText(foreigner, id, 'decision', ' ');
  assert.match(decision, /Administrative Licensing Decision/);
  assert.match(decision, /does not meet the statutory conditions/);
  assert.match(decision, /administrative reconsideration within sixty days/);
  assert.match(decision, /Decision date: \d{1,2} \w+ 20\d\d/);
  // The seal is drawn over the closing lines, so the extracted words interleave with its ring text.
  assert.match(decision, /issued in Chinese with an English translation/);
  assert.match(decision, /以中文文本为准/);
});

test('a translation request is a service a foreigner applies for online and the province\'s window accepts, with a bilingual receipt', async () => {
  const reg = await t.app.inject({
    method: 'POST', url: '/api/auth/register-foreign',
    payload: { name: 'Lars Berg', phone: '+4791234567', password: 'Secret123', nationality: 'NOR', docKind: 'passport', docNumber: 'NO7654321' },
  });
  assert.equal(reg.statusCode, 201, reg.body);
  const [foreigner, window1] = await Promise.all([signIn(t.app, 'NO7654321', 'Secret123'), signIn(t.app, 'window1')]);
  const itemId = await itemIdByName(t.app, '涉外投资文书翻译服务', '海南省');
  const guide = (await t.app.inject({ method: 'GET', url: `/api/items/${itemId}/guide` })).json();
  assert.equal(guide.version.content.nameEn, 'Translation of documents for foreign investors');
  assert.ok(guide.version.content.conditionsEn.length > 0 && guide.version.content.materials.every((m: { nameEn?: string }) => m.nameEn), 'the guide in English beside the Chinese');
  const id = (await submittedCase(t.app, foreigner, itemId)).id;
  await receiveMaterials(window1, id);
  const accepted = await window1.post(`/api/cases/${id}/actions`, { action: 'accept' });
  assert.equal(accepted.statusCode, 200, accepted.body);
  const receipt = await caseDocumentText(foreigner, id, 'receipt', ' ');
  assert.match(receipt, /Acceptance Receipt/);
  assert.match(receipt, /涉外投资文书翻译服务/);
  // The Department of Justice reviews and decides it; the foreigner's decision letter is bilingual.
  const [approver, chief] = await Promise.all([signIn(t.app, 'approver.justice'), signIn(t.app, 'chief.justice')]);
  const reviewed = await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '材料齐全，同意翻译', proposal: 'approve' });
  assert.equal(reviewed.statusCode, 200, reviewed.body);
  const decided = await chief.post(`/api/cases/${id}/actions`, { action: 'decide', result: 'approved', reason: '同意，按期出具译文' });
  assert.equal(decided.statusCode, 200, decided.body);
  const decision = await caseDocumentText(foreigner, id, 'decision', ' ');
  assert.match(decision, /涉外投资文书翻译服务/);
  assert.match(decision, /issued in Chinese with an English translation/);
});
