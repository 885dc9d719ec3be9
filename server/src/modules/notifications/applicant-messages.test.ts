/**
 * The message centre's core: a message is written in the transaction of the change it reports, and
 * the same event (its dedupe key) never makes a second one, even from two concurrent transactions.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { messageApplicant, type ApplicantMessage } from './applicant-messages.ts';

let t: TestApp;
let personId: string;

before(async () => {
  t = await testApp();
  personId = (await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow()).id;
});
after(() => t.close());

function message(key: string): ApplicantMessage {
  return {
    kind: 'case.accepted', userId: personId, centerId: null, title: { zh: '已受理', en: 'Accepted' },
    body: { zh: '您的申请已受理', en: 'Your application was accepted' }, link: '/my/cases', dedupeKey: key, at: t.clock.now(),
  };
}
const countFor = async (key: string) => Number((await t.ctx.db.selectFrom('applicant_messages').select((e) => e.fn.countAll().as('n')).where('dedupe_key', '=', key).executeTakeFirstOrThrow()).n);

test('the same event makes one message, however often it is sent, even concurrently', async () => {
  const first = await t.ctx.db.transaction().execute((tx) => messageApplicant(tx, message('test:once')));
  assert.equal(first.created, true);
  assert.ok(first.id && first.id > 0);
  const again = await Promise.all([1, 2, 3].map(() => t.ctx.db.transaction().execute((tx) => messageApplicant(tx, message('test:once')))));
  assert.deepEqual(again.map((r) => r.created), [false, false, false]);
  assert.equal(await countFor('test:once'), 1);
});

test('a message sent in a transaction that rolls back does not exist', async () => {
  await assert.rejects(t.ctx.db.transaction().execute(async (tx) => {
    await messageApplicant(tx, message('test:rolled-back'));
    throw new Error('the change failed');
  }), /the change failed/);
  assert.equal(await countFor('test:rolled-back'), 0);
});
