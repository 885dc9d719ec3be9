import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { pdfToText } from '../../test/pdf-text.ts';

/**
 * Reply letters in English for foreign requesters (docs/disclosure.md "Reply letters"): a requester who
 * registered with a passport or a foreign permanent resident ID card, or who asked for English, gets
 * the letter in Chinese with English beside it, the Chinese authoritative; read from the real PDF.
 */
let t: TestApp;
let officer: Session; let foreigner: Session; let citizen: Session;
let provinceId: string;

before(async () => {
  t = await testApp({ env: { SESSION_TTL_HOURS: '100000' } });
  const reg = await t.app.inject({
    method: 'POST', url: '/api/auth/register-foreign',
    payload: { name: 'Maria Garcia', phone: '+34600123456', password: 'Secret123', nationality: 'ESP', docKind: 'passport', docNumber: 'PAE765432' },
  });
  assert.equal(reg.statusCode, 201, reg.body);
  [officer, foreigner, citizen] = await Promise.all([signIn(t.app, 'disclosure1'), signIn(t.app, 'PAE765432', 'Secret123'), signIn(t.app, DEMO_PERSON.idNumber)]);
  provinceId = officer.user.centerId!;
});
after(() => t.close());

async function repliedLetter(s: Session, extra: object, body: object) {
  const res = await s.post('/api/disclosure/requests', { centerId: provinceId, description: '2026年外商投资项目备案清单', ...extra });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const acted = await officer.post(`/api/disclosure/requests/${id}/actions`, body);
  assert.equal(acted.statusCode, 200, acted.body);
  const pdf = await s.get(`/api/disclosure/requests/${id}/reply.pdf`);
  assert.equal(pdf.statusCode, 200, pdf.body);
  return { id, text: pdfToText(pdf.rawPayload).replace(/\s+/g, ' ') };
}

describe('reply letters for foreign requesters', () => {
  test('a passport holder\'s refusal letter: each Chinese paragraph with its English, the remedy in both, the Chinese authoritative', async () => {
    const { text } = await repliedLetter(foreigner, {}, { action: 'reply', replyType: 'refused', reason: '涉及商业秘密' });
    assert.match(text, /政府信息公开申请答复书（不予公开）/);
    assert.match(text, /Reply to a Request for Government Information Disclosure \(Not Disclosed\)/);
    assert.match(text, /Article 36\(3\)/);
    assert.match(text, /Reasons:/);
    assert.match(text, /涉及商业秘密/);
    assert.match(text, /administrative reconsideration within sixty days/);
    assert.match(text, /六十日内依法申请行政复议/);
    assert.match(text, /received your request for government information disclosure/);
    assert.match(text, /the Chinese text is authoritative/);
    assert.match(text, /以中文文本为准/);
  });

  test('a citizen who chose English gets the bilingual letter; the correction notice too; a citizen who did not stays Chinese only', async () => {
    const chose = await repliedLetter(citizen, { replyLanguage: 'en' }, { action: 'reply', replyType: 'open', text: '见本中心网站' });
    assert.match(chose.text, /（予以公开）/);
    assert.match(chose.text, /\(Disclosed\)/);
    assert.match(chose.text, /The information disclosed and how to obtain it:/);
    assert.doesNotMatch(chose.text, /reconsideration/, 'a full disclosure has no remedy paragraph');
    const detail = (await citizen.get(`/api/disclosure/requests/${chose.id}`)).json();
    assert.equal(detail.replyLanguage, 'en');

    const notice = await repliedLetter(foreigner, {}, { action: 'request_correction', note: '请写明文件名称' });
    assert.match(notice.text, /政府信息公开申请补正通知书/);
    assert.match(notice.text, /Notice to Correct a Request/);
    assert.match(notice.text, /What to correct:/);

    const plain = await repliedLetter(citizen, {}, { action: 'reply', replyType: 'not_exist', reason: '本机关未制作该信息' });
    assert.match(plain.text, /（信息不存在）/);
    assert.doesNotMatch(plain.text, /Reply to a Request|authoritative|Article/);
  });

  test('a reply language other than zh or en is refused, nothing written', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('disclosure_requests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const res = await citizen.post('/api/disclosure/requests', { centerId: provinceId, description: '某信息', replyLanguage: 'fr' });
    assert.equal(res.statusCode, 400);
    assert.equal(await count(), n);
  });
});
