import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sm2Verify } from '../../lib/sm2.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { generateOfficialKeyPair, keyIdOf, sealBid, sm2Decrypt } from './bid-envelope.ts';
import { insertUser } from '../auth/auth.repository.ts';
import { bidsFixture, type BidsFixture } from './bids-fixture.ts';

/**
 * Sealed bids through the API on a real database: keys, bids with signed receipts, the rules of the
 * server's clock (late bids, early opening), nobody reading a bid before the opening, k of n.
 */
let t: TestApp;
let f: BidsFixture;
let manager: Session;
let officials: Session[];
let bidders: Session[];
const keys = Array.from({ length: 5 }, () => generateOfficialKeyPair());
const files = Array.from({ length: 4 }, (_, i) => Buffer.concat([Buffer.from(`%PDF-1.4 投标文件 PLAINTEXT-MARKER-${i} `), randomBytes(3000)]));
const prices = ['1250000.00', '1198000.5', '1302000', '999'];
let publicKey: string;

const multipart = (bytes: Uint8Array) => {
  const boundary = '----ow' + randomUUID();
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="envelope"; filename="bid.owb"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
};
const submit = (s: Session, bytes: Uint8Array, tenderId = f.tenderId) => {
  const m = multipart(bytes);
  return t.app.inject({ method: 'POST', url: `/api/tenders/${tenderId}/bids`, payload: m.payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': m.type } });
};
const seal = (i: number, over: Partial<Parameters<typeof sealBid>[0]> = {}) => sealBid({
  tenderId: f.tenderId, bidderId: f.bidders[i % 3]!.id, tenderPublicKey: publicKey, file: files[i]!, fileName: `投标文件${i}.pdf`, mediaType: 'application/pdf', price: prices[i]!, ...over,
});
/** Everything the database holds about bids, for "nothing was written" checks. */
const snapshot = async () => ({
  bids: await t.owner.selectFrom('bids').selectAll().orderBy('id').execute(),
  shares: await t.owner.selectFrom('tender_key_shares').select(['user_id', 'submitted_at']).orderBy('user_id').execute(),
  openings: await t.owner.selectFrom('bid_openings').selectAll().execute(),
  tender: await t.owner.selectFrom('tenders').select(['status', 'version', 'public_key']).where('id', '=', f.tenderId).executeTakeFirstOrThrow(),
  revisions: await t.owner.selectFrom('tender_revisions').select(['version', 'action']).where('tender_id', '=', f.tenderId).orderBy('version').execute(),
  audit: Number((await t.owner.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});

/** A staff member of the fixture's center with a registered key (unless `withKey` is false) who is, or is not, an official of a body. */
let outsiderSeq = 0;
async function outsider(role: 'window' | 'approver' | 'supervisor' | 'trading', departmentId: string | null, withKey = true) {
  const id = (await insertUser(t.owner, { kind: 'staff', name: `其他人员${++outsiderSeq}`, username: `outsider${outsiderSeq}.${randomUUID().slice(0, 6)}`, passwordHash: 'x', roles: [role], centerId: f.centerId, departmentId }))!;
  if (withKey) await t.owner.insertInto('bid_official_keys').values({ user_id: id, public_key: generateOfficialKeyPair().publicKey, registered_at: t.clock.now() }).execute();
  return id;
}

before(async () => {
  t = await testApp();
  f = await bidsFixture(t.owner, t.clock.now());
  manager = await signIn(t.app, 'hk.manager');
  officials = await Promise.all(f.officials.map((o) => signIn(t.app, o.username)));
  bidders = await Promise.all(f.bidders.map((b) => signIn(t.app, b.username)));
});
after(() => t.close());

describe('officials and the tender key', () => {
  it('officials register an SM2 public key; a bad key or an applicant is refused', async () => {
    assert.equal((await officials[0]!.put('/api/me/bid-key', { publicKey: `04${'11'.repeat(64)}` })).json().code, 'BID_OFFICIAL_KEY_INVALID');
    assert.equal((await bidders[0]!.put('/api/me/bid-key', { publicKey: keys[0]!.publicKey })).statusCode, 403);
    for (const [i, o] of officials.entries()) {
      const res = await o.put('/api/me/bid-key', { publicKey: keys[i]!.publicKey });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().publicKey, keys[i]!.publicKey);
    }
  });

  it('the trading staff of the center list the officials of the two bodies with a registered key, each with their body; others are refused', async () => {
    const clerk = await outsider('window', null);
    const res = await manager.get(`/api/tenders/${f.tenderId}/custodian-choices`);
    assert.equal(res.statusCode, 200, res.body);
    const bodies = Object.fromEntries(res.json().items.map((i: { userId: string; body: string }) => [i.userId, i.body]));
    assert.deepEqual(bodies, Object.fromEntries(f.officials.map((o, i) => [o.id, i < 3 ? 'supervising_department' : 'trading_center'])),
      'every official of the two bodies who registered a key, and no one else (not the window clerk with a key)');
    assert.ok(!(clerk in bodies));
    assert.equal(res.json().supervisingDepartment.id, f.departmentId);
    assert.equal((await officials[0]!.get(`/api/tenders/${f.tenderId}/custodian-choices`)).statusCode, 403, 'the supervising department does not run trading');
    assert.equal((await (await signIn(t.app, 'manager')).get(`/api/tenders/${f.tenderId}/custodian-choices`)).statusCode, 403, 'another center');
    assert.equal((await bidders[0]!.get(`/api/tenders/${f.tenderId}/custodian-choices`)).statusCode, 403);
  });

  it('no bid before the tender has its key', async () => {
    const res = await submit(bidders[0]!, randomBytes(400));
    assert.equal(res.json().code, 'BID_TENDER_NOT_SEALED');
  });

  it('every custodian is an official of the trading center or the supervising department, and both bodies hold shares (issue 16): else refused, nothing written', async () => {
    const before = await snapshot();
    const [dept, trading] = [f.officials.slice(0, 3).map((o) => o.id), f.officials.slice(3).map((o) => o.id)];
    const otherDept = (await t.owner.selectFrom('departments').select('id').where('center_id', '=', f.centerId).where('id', '!=', f.departmentId).orderBy('name').limit(1).executeTakeFirstOrThrow()).id;
    const refusals: Array<[string, string[], number, string, Record<string, unknown>]> = [
      ['a window clerk of the center with a key', [...dept.slice(0, 2), trading[0]!, await outsider('window', null)], 3, 'BID_KEY_CUSTODIAN_NOT_OFFICIAL', {}],
      ["an approver of another department with a key", [dept[0]!, trading[0]!, await outsider('approver', otherDept)], 2, 'BID_KEY_CUSTODIAN_NOT_OFFICIAL', {}],
      ["the center's supervisor with a key", [dept[0]!, trading[0]!, await outsider('supervisor', null)], 2, 'BID_KEY_CUSTODIAN_NOT_OFFICIAL', {}],
      ['only trading staff', trading, 2, 'BID_KEY_CUSTODIANS_ONE_BODY', { missing: ['supervising_department'] }],
      ['only the supervising department', dept, 2, 'BID_KEY_CUSTODIANS_ONE_BODY', { missing: ['trading_center'] }],
    ];
    for (const [what, custodians, threshold, code, details] of refusals) {
      const res = await manager.post(`/api/tenders/${f.tenderId}/bid-key`, { custodians, threshold });
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().code, code, what);
      assert.equal(res.json().field, 'custodians', what);
      if (code === 'BID_KEY_CUSTODIAN_NOT_OFFICIAL') assert.deepEqual(res.json().details, { userIds: [custodians.at(-1)] }, `${what}: the offending custodian named`);
      else assert.deepEqual(res.json().details, details, what);
      assert.ok(res.json().message.zh && res.json().message.en, what);
    }
    assert.deepEqual(await snapshot(), before, 'no key, no share, no revision, no audit event; the tender unchanged');
    assert.equal((await t.owner.selectFrom('tender_bid_keys').selectAll().where('tender_id', '=', f.tenderId).execute()).length, 0);
  });

  it('no body holds k or more of the shares, so neither opens the bids alone: else BID_KEY_BODY_HOLDS_QUORUM naming the body and its count, nothing written', async () => {
    const before = await snapshot();
    const [dept, trading] = [f.officials.slice(0, 3).map((o) => o.id), f.officials.slice(3).map((o) => o.id)];
    // The trading center's staff hold 4 of 5 at k = 3: with the department's one share, they alone reach k.
    const moreTrading = [await outsider('trading', null), await outsider('trading', null)];
    const refusals: Array<[string, string[], number, { body: string; shares: number; threshold: number }]> = [
      ['the trading center holds 4 of 5 at k = 3', [...trading, ...moreTrading, dept[0]!], 3, { body: 'trading_center', shares: 4, threshold: 3 }],
      ['the supervising department holds 3 of 5 at k = 3', [...dept, ...trading], 3, { body: 'supervising_department', shares: 3, threshold: 3 }],
      ['the supervising department holds 3 of 4 at k = 3', [...dept, trading[0]!], 3, { body: 'supervising_department', shares: 3, threshold: 3 }],
      ['the trading center holds 2 of 3 at k = 2', [...trading, dept[0]!], 2, { body: 'trading_center', shares: 2, threshold: 2 }],
    ];
    for (const [what, custodians, threshold, details] of refusals) {
      const res = await manager.post(`/api/tenders/${f.tenderId}/bid-key`, { custodians, threshold });
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'BID_KEY_BODY_HOLDS_QUORUM', what);
      assert.equal(res.json().field, 'custodians', what);
      assert.deepEqual(res.json().details, details, what);
      assert.match(res.json().message.zh, new RegExp(`${details.shares} 个密钥分片.*门限 ${details.threshold}`), what);
      assert.match(res.json().message.en, /fewer shares than the threshold/, what);
    }
    assert.deepEqual(await snapshot(), before, 'no key, no share, no revision, no audit event; the tender unchanged');
    assert.equal((await t.owner.selectFrom('tender_bid_keys').selectAll().where('tender_id', '=', f.tenderId).execute()).length, 0);
    assert.equal((await manager.get(`/api/tenders/${f.tenderId}/bid-key`)).json().publicKey, null, 'the tender still has no key');
  });

  it('only trading staff of the center make the key, with registered custodians of the center and 2 ≤ k ≤ n; nothing written when refused', async () => {
    const before = await snapshot();
    // The accepted split: 3 of the department's officials and 2 of the trading center's at k = 4, each body below k.
    const body = { custodians: f.officials.map((o) => o.id), threshold: 4 };
    assert.equal((await officials[0]!.post(`/api/tenders/${f.tenderId}/bid-key`, body)).statusCode, 403, 'the supervising department does not run trading');
    assert.equal((await (await signIn(t.app, 'manager')).post(`/api/tenders/${f.tenderId}/bid-key`, body)).statusCode, 403, 'another center');
    assert.equal((await bidders[0]!.post(`/api/tenders/${f.tenderId}/bid-key`, body)).statusCode, 403);
    const noKey = await outsider('approver', f.departmentId, false);
    assert.equal((await manager.post(`/api/tenders/${f.tenderId}/bid-key`, { custodians: [...body.custodians.slice(0, 4), noKey], threshold: 4 })).json().code, 'BID_CUSTODIANS_INVALID', 'a custodian without a key');
    assert.equal((await manager.post(`/api/tenders/${f.tenderId}/bid-key`, { custodians: [f.officials[0]!.id, f.officials[0]!.id, f.officials[1]!.id], threshold: 2 })).json().code, 'BID_CUSTODIANS_INVALID', 'twice the same');
    assert.equal((await manager.post(`/api/tenders/${f.tenderId}/bid-key`, { custodians: body.custodians.slice(0, 2), threshold: 3 })).json().code, 'BID_CUSTODIANS_INVALID', 'k > n');
    assert.deepEqual(await snapshot(), before);
    assert.equal((await t.owner.selectFrom('tender_bid_keys').selectAll().where('tender_id', '=', f.tenderId).execute()).length, 0);
    // Not while the tender is suspended (the ceremony is a change of the tender): TENDER_SUSPENDED, nothing written.
    const now = t.clock.now();
    const complaint = await t.owner.insertInto('tender_disputes').values({
      tender_id: f.tenderId, kind: 'complaint', user_id: f.bidders[0]!.id, body: '投诉', submitted_at: now, answer_due: now, status: 'upheld', suspend_tender: true,
    }).returning('id').executeTakeFirstOrThrow();
    await t.owner.insertInto('tender_suspensions').values({ tender_id: f.tenderId, complaint_id: complaint.id, reason: '责令暂停', suspended_at: now }).execute();
    const suspendedBefore = await snapshot();
    const whileSuspended = await manager.post(`/api/tenders/${f.tenderId}/bid-key`, body);
    assert.equal(whileSuspended.statusCode, 409, whileSuspended.body);
    assert.equal(whileSuspended.json().code, 'TENDER_SUSPENDED');
    assert.deepEqual(await snapshot(), suspendedBefore);
    assert.equal((await t.owner.selectFrom('tender_key_shares').selectAll().where('tender_id', '=', f.tenderId).execute()).length, 0);
    await t.owner.updateTable('tender_suspensions').set({ resumed_at: now, resumed_by: f.officials[0]!.id, resume_reason: '恢复' }).where('complaint_id', '=', complaint.id).execute();

    const res = await manager.post(`/api/tenders/${f.tenderId}/bid-key`, body);
    assert.equal(res.statusCode, 201, res.body);
    publicKey = res.json().publicKey;
    assert.match(publicKey, /^04[0-9a-f]{128}$/);
    assert.equal(res.json().threshold, 4);
    assert.equal(res.json().shares, 5);
    assert.equal((await manager.post(`/api/tenders/${f.tenderId}/bid-key`, body)).json().code, 'BID_KEY_EXISTS');
    const pub = await t.app.inject({ method: 'GET', url: `/api/tenders/${f.tenderId}/bid-key` });
    assert.equal(pub.statusCode, 200, pub.body);
    assert.equal(pub.json().publicKey, publicKey, 'anyone reads the public key');
    const row = await t.owner.selectFrom('tenders').select(['public_key', 'key_threshold', 'key_shares']).where('id', '=', f.tenderId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { public_key: publicKey, key_threshold: 4, key_shares: 5 });
  });

  it('the key ceremony is a public revision of the tender: fingerprint, k, n, masked custodians, never a share or an official id', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${f.tenderId}/revisions` });
    assert.equal(res.statusCode, 200, res.body);
    const revs = res.json().revisions as { version: number; action: string; from: string; to: string; changes: Record<string, { from: unknown; to: unknown }> }[];
    const keyRevs = revs.filter((r) => r.action === 'bid_key');
    assert.equal(keyRevs.length, 1, 'one revision for the one ceremony');
    const rev = keyRevs[0]!;
    const tender = await t.owner.selectFrom('tenders').select(['version']).where('id', '=', f.tenderId).executeTakeFirstOrThrow();
    assert.equal(rev.version, tender.version, 'the tender version moved with the revision');
    assert.deepEqual([rev.from, rev.to], ['bidding', 'bidding'], 'the status does not move');
    assert.deepEqual(rev.changes.bidKey, {
      from: null,
      to: { fingerprint: keyIdOf(publicKey), threshold: 4, shares: 5, custodians: f.officials.map((_, i) => ({ shareNo: i + 1, name: '开****' })) },
    });
    assert.deepEqual(rev.changes.publicKey, { from: null, to: publicKey });
    assert.deepEqual([rev.changes.keyThreshold?.to, rev.changes.keyShares?.to], [4, 5]);
    // Neither the public answer nor the stored row holds an official's id, a share or a check value.
    const stored = await t.owner.selectFrom('tender_revisions').select(['changes', 'snapshot']).where('tender_id', '=', f.tenderId).where('action', '=', 'bid_key').executeTakeFirstOrThrow();
    const shares = await t.owner.selectFrom('tender_key_shares').select(['encrypted_share', 'share_check']).where('tender_id', '=', f.tenderId).execute();
    const keyRow = await t.owner.selectFrom('tender_bid_keys').select(['key_check']).where('tender_id', '=', f.tenderId).executeTakeFirstOrThrow();
    for (const text of [res.body, JSON.stringify(stored)]) {
      for (const o of f.officials) assert.ok(!text.includes(o.id), 'no official id');
      for (const sh of shares) {
        assert.ok(!text.includes(sh.share_check), 'no share check value');
        assert.ok(!text.includes(sh.encrypted_share.toString('hex').slice(0, 40)), 'no encrypted share');
      }
      assert.ok(!text.includes(keyRow.key_check), 'no key check value');
    }
    // It is an event of the tender's hash-chained stream too.
    const audit = await t.owner.selectFrom('audit_events').select(['action', 'actor_id']).where('stream', '=', `tender:${f.tenderId}`).execute();
    assert.deepEqual(audit.map((a) => a.action), ['tender.bid_key']);
  });

  it('the public key\'s answer names no custodian, as the revision: names masked, no user id (anyone may read it)', async () => {
    const names = await t.owner.selectFrom('users').select('name').where('id', 'in', f.officials.map((o) => o.id)).execute();
    for (const who of [null, bidders[0]!]) {
      const res = who ? await who.get(`/api/tenders/${f.tenderId}/bid-key`) : await t.app.inject({ method: 'GET', url: `/api/tenders/${f.tenderId}/bid-key` });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().custodians, f.officials.map((_, i) => ({ shareNo: i + 1, name: '开****' })));
      for (const o of f.officials) assert.ok(!res.body.includes(o.id), 'no custodian\'s user id');
      for (const n of names) assert.ok(!res.body.includes(n.name), 'no custodian\'s full name');
    }
    // The staff who made the key were told the custodians in full when they made it (201 of the ceremony).
  });

  it('an official changes a key only while holding no share of a tender not yet opened', async () => {
    assert.equal((await officials[0]!.put('/api/me/bid-key', { publicKey: generateOfficialKeyPair().publicKey })).json().code, 'BID_OFFICIAL_KEY_IN_USE');
  });
});

describe('handing in bids', () => {
  let firstBidId: string;

  it('a sealed bid gets a receipt signed with the e-seal over its hash, tender, bidder and the server time', async () => {
    const envelope = seal(0);
    const res = await submit(bidders[0]!, envelope);
    assert.equal(res.statusCode, 201, res.body);
    const bid = res.json();
    firstBidId = bid.id;
    assert.equal(bid.status, 'submitted');
    assert.equal(bid.submittedAt, t.clock.now().toISOString(), 'server time');
    assert.equal(bid.sm3, createHash('sm3').update(envelope).digest('hex'));
    const stated = JSON.parse(bid.receipt.text);
    assert.deepEqual(stated, { type: 'onewindow-bid-receipt', version: 1, bid: bid.id, tender: f.tenderId, bidder: f.bidders[0]!.id, ciphertextSm3: bid.sm3, size: envelope.length, serverTime: bid.submittedAt });
    const signed = JSON.parse(bid.receipt.signedData);
    assert.equal(signed.dataHash.value, createHash('sm3').update(bid.receipt.text).digest('hex'));
    assert.equal(signed.timeInfo, bid.submittedAt);
    assert.ok(sm2Verify(signed.eseal.publicKey, bid.receipt.signedData, Buffer.from(bid.receipt.signature, 'base64')), 'the SM2 signature holds');
    const forged = bid.receipt.signedData.replace(signed.dataHash.value, '0'.repeat(64));
    assert.notEqual(forged, bid.receipt.signedData);
    assert.ok(!sm2Verify(signed.eseal.publicKey, forged, Buffer.from(bid.receipt.signature, 'base64')), 'another hash does not verify');
  });

  it('refuses, writing nothing, what is not an envelope sealed to this tender, and staff', async () => {
    const before = await snapshot();
    assert.equal((await submit(bidders[1]!, randomBytes(500))).json().code, 'BID_ENVELOPE_INVALID');
    assert.equal((await submit(bidders[1]!, seal(1, { tenderPublicKey: keys[0]!.publicKey }))).json().code, 'BID_WRONG_TENDER_KEY');
    assert.equal((await submit(manager, seal(1))).statusCode, 403);
    assert.equal((await submit(bidders[1]!, seal(1), randomUUID())).statusCode, 404);
    assert.deepEqual(await snapshot(), before);
  });

  it('a tender the supervising department suspended takes no bid and lets no bid be withdrawn (TENDER_SUSPENDED), nothing written; once resumed it does', async () => {
    const now = t.clock.now();
    const complaint = await t.owner.insertInto('tender_disputes').values({
      tender_id: f.tenderId, kind: 'complaint', user_id: f.bidders[0]!.id, body: '投诉', submitted_at: now, answer_due: now, status: 'upheld', suspend_tender: true,
    }).returning('id').executeTakeFirstOrThrow();
    await t.owner.insertInto('tender_suspensions').values({ tender_id: f.tenderId, complaint_id: complaint.id, reason: '责令暂停', suspended_at: now }).execute();
    const before = await snapshot();
    const res = await submit(bidders[1]!, seal(1));
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'TENDER_SUSPENDED');
    assert.deepEqual(await snapshot(), before);
    const withdrawal = await bidders[0]!.post(`/api/bids/${firstBidId}/withdraw`);
    assert.equal(withdrawal.statusCode, 409, withdrawal.body);
    assert.equal(withdrawal.json().code, 'TENDER_SUSPENDED');
    assert.deepEqual(await snapshot(), before, 'the bid stays submitted, no audit event');
    assert.equal((await bidders[0]!.get(`/api/bids/${firstBidId}`)).json().status, 'submitted');
    await t.owner.updateTable('tender_suspensions').set({ resumed_at: now, resumed_by: f.officials[0]!.id, resume_reason: '恢复' }).where('complaint_id', '=', complaint.id).execute();
  });

  it('a registered bidder who has not confirmed a change of the conditions is refused (BID_RECONFIRM_REQUIRED), nothing written; once confirmed the bid is taken', async () => {
    // As an amendment after the publication leaves it (tender.service.ts amend): one row per registered bidder and revision.
    const { version } = await t.owner.selectFrom('tenders').select('version').where('id', '=', f.tenderId).executeTakeFirstOrThrow();
    await t.owner.insertInto('tender_reconfirmations').values({ tender_id: f.tenderId, user_id: f.bidders[1]!.id, version, required_at: t.clock.now() }).execute();
    const before = await snapshot();
    const res = await submit(bidders[1]!, seal(1));
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'BID_RECONFIRM_REQUIRED');
    assert.ok(res.json().message.zh && res.json().message.en);
    assert.deepEqual(await snapshot(), before);
    const confirmed = await bidders[1]!.post(`/api/trading/tenders/${f.tenderId}/reconfirm`);
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().confirmed, 1);
  });

  it('a bidder replaces and withdraws their own bid before the deadline; another bidder\'s bid is not found', async () => {
    t.clock.advance(60_000);
    const second = await submit(bidders[1]!, seal(1, { price: '1' }));
    assert.equal(second.statusCode, 201);
    t.clock.advance(60_000);
    const replaced = await submit(bidders[1]!, seal(1));
    assert.equal(replaced.statusCode, 201);
    const old = await bidders[1]!.get(`/api/bids/${second.json().id}`);
    assert.equal(old.json().status, 'withdrawn');
    assert.equal(old.json().withdrawnReason, 'replaced');
    assert.equal((await bidders[1]!.get(`/api/bids/${firstBidId}`)).statusCode, 404, 'another bidder\'s bid');
    assert.equal((await bidders[1]!.post(`/api/bids/${firstBidId}/withdraw`)).statusCode, 404);
    assert.equal((await manager.get(`/api/bids/${firstBidId}`)).statusCode, 403);
    const mine = (await bidders[1]!.get('/api/me/bids')).json().items;
    assert.deepEqual(mine.map((b: { id: string }) => b.id).sort(), [second.json().id, replaced.json().id].sort(), 'a bidder lists only their own bids');

    const third = await submit(bidders[2]!, seal(2));
    const withdrawn = await bidders[2]!.post(`/api/bids/${third.json().id}/withdraw`);
    assert.equal(withdrawn.json().status, 'withdrawn');
    assert.equal((await bidders[2]!.post(`/api/bids/${third.json().id}/withdraw`)).json().code, 'BID_NOT_WITHDRAWABLE');
    assert.equal((await submit(bidders[2]!, seal(2))).statusCode, 201, 'and hands in again');
    // A faulty client: bidder 3 replaces it with a bid sealed under bidder 1's name (a copy would look the same): it cannot open.
    assert.equal((await submit(bidders[2]!, seal(3, { bidderId: f.bidders[0]!.id }))).statusCode, 201);
  });
});

describe('nobody reads a bid before the opening', () => {
  it('the stored bytes and the bids table hold no plaintext, and no answer to any role carries it', async () => {
    const rows = await t.owner.selectFrom('bids').selectAll().execute();
    const markers = files.map((b) => b.subarray(0, 30));
    for (const row of rows) {
      const chunks: Buffer[] = [];
      for await (const c of t.ctx.storage.open(row.file_key)) chunks.push(c as Buffer);
      const stored = Buffer.concat(chunks);
      for (const m of markers) assert.equal(stored.indexOf(m), -1, 'the stored envelope holds no plaintext');
      assert.equal(row.price_fen, null);
      assert.equal(row.opened_file_key, null);
    }
    const table = JSON.stringify(rows);
    // 招标投标法 第二十二条: before the opening the center's staff are not told who handed in a bid (TENDER_BIDDERS_SEALED).
    const sealed = [await manager.get(`/api/tenders/${f.tenderId}/bids`), await (await signIn(t.app, 'hk.supervisor')).get(`/api/tenders/${f.tenderId}/bids`)];
    for (const a of sealed) assert.deepEqual([a.statusCode, a.json().code], [409, 'TENDER_BIDDERS_SEALED'], a.body);
    const answers = [
      ...sealed, await officials[0]!.get('/api/me/key-shares'), await bidders[0]!.get('/api/me/bids'), await manager.get(`/api/tenders/${f.tenderId}/opening`),
    ];
    for (const a of answers.slice(2)) assert.equal(a.statusCode, 200, a.body);
    for (const text of [table, ...answers.map((a) => a.body)]) {
      assert.ok(!text.includes('PLAINTEXT-MARKER'), 'no plaintext');
      for (const p of prices) assert.ok(!text.includes(`"${p}"`) && !text.includes('125000000'), 'no price');
    }
    assert.deepEqual(answers[4]!.json().results, []);
    assert.equal((await bidders[0]!.get(`/api/tenders/${f.tenderId}/opening`)).statusCode, 403, 'bidders see the read-out only after the opening');
    assert.equal((await (await signIn(t.app, 'supervisor')).get(`/api/tenders/${f.tenderId}/bids`)).statusCode, 403, 'staff of another center');
    assert.equal((await bidders[0]!.get(`/api/tenders/${f.tenderId}/bids`)).statusCode, 403);
  });

  it('the opening is refused before the deadline by the server clock, writing nothing', async () => {
    await fetchShares();
    const share = sharePlain(0);
    const before = await snapshot();
    const res = await officials[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'BID_OPENING_TOO_EARLY');
    assert.deepEqual(await snapshot(), before);
  });
});

const encryptedShares = new Map<string, string>();
/** What an official's browser does: decrypt their share with their own private key. */
function sharePlain(i: number): string {
  return Buffer.from(sm2Decrypt(keys[i]!.privateKey, Buffer.from(encryptedShares.get(f.officials[i]!.id)!, 'hex'))!).toString('hex');
}
async function fetchShares() {
  for (const [i, o] of officials.entries()) {
    const item = (await o.get('/api/me/key-shares')).json().items.find((s: { tenderId: string }) => s.tenderId === f.tenderId);
    encryptedShares.set(f.officials[i]!.id, item.encryptedShare);
  }
}
/** The clock jumped past the sessions' idle limit: everyone signs in again. */
async function signInAgain() {
  manager = await signIn(t.app, 'hk.manager');
  officials = await Promise.all(f.officials.map((o) => signIn(t.app, o.username)));
  bidders = await Promise.all(f.bidders.map((b) => signIn(t.app, b.username)));
}

describe('the deadline and the opening', () => {

  it('after the deadline a bid, a replacement or a withdrawal is refused by server time, writing nothing', async () => {
    t.clock.set(f.deadline);
    await signInAgain();
    const before = await snapshot();
    const late = await submit(bidders[0]!, seal(0));
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'BID_DEADLINE_PASSED');
    const live = (await bidders[0]!.get('/api/me/bids')).json().items[0];
    assert.equal((await bidders[0]!.post(`/api/bids/${live.id}/withdraw`)).json().code, 'BID_DEADLINE_PASSED');
    assert.deepEqual(await snapshot(), before);
  });

  it('with fewer than three bidders at the deadline the first custodian\'s share is refused (TENDER_TOO_FEW_BIDS, 招标投标法 第二十八条), nothing written', async () => {
    // As a withdrawal before the deadline would leave it: bidder 3's live bid withdrawn, two bidders left.
    const third = await t.owner.selectFrom('bids').selectAll().where('bidder_id', '=', f.bidders[2]!.id).where('status', '=', 'submitted').executeTakeFirstOrThrow();
    await t.owner.updateTable('bids').set({ status: 'withdrawn', withdrawn_at: new Date(f.deadline.getTime() - 60_000), withdrawn_reason: 'bidder' }).where('id', '=', third.id).execute();
    const before = await snapshot();
    const res = await officials[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(0) });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'TENDER_TOO_FEW_BIDS');
    assert.match(res.json().message.zh, /第二十八条/);
    assert.deepEqual(await snapshot(), before, 'no share handed in, no opening started, the tender still in bidding, no audit event');
    assert.equal(before.tender.status, 'bidding');
    await t.owner.updateTable('bids').set({ status: 'submitted', withdrawn_at: null, withdrawn_reason: null }).where('id', '=', third.id).execute();
  });

  it('k of n custodians open it: wrong shares and outsiders refused; bids read out; a bidder\'s faulty bid counts as withdrawn, a damaged store fails with its cause', async () => {
    t.clock.advance(60_000);
    // The platform's fault: bidder 2's stored bytes are replaced by other bytes (as a broken disk would).
    const bidder2 = await t.owner.selectFrom('bids').selectAll().where('bidder_id', '=', f.bidders[1]!.id).where('status', '=', 'submitted').executeTakeFirstOrThrow();
    const other = await t.ctx.storage.putBuffer(Buffer.from(seal(1)));
    await t.owner.updateTable('bids').set({ file_key: other.key }).where('id', '=', bidder2.id).execute();

    const before = await snapshot();
    assert.equal((await manager.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(0) })).json().code, 'BID_NOT_CUSTODIAN');
    assert.equal((await officials[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(1) })).json().code, 'BID_SHARE_INVALID', 'another official\'s share');
    assert.equal((await bidders[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(0) })).statusCode, 403);
    assert.deepEqual(await snapshot(), before);

    const first = await officials[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(0) });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().openedAt, null);
    assert.equal((await t.owner.selectFrom('tenders').select('status').where('id', '=', f.tenderId).executeTakeFirstOrThrow()).status, 'opening');
    assert.equal((await officials[0]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(0) })).json().code, 'BID_SHARE_ALREADY');
    assert.equal((await officials[3]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(3) })).json().openedAt, null, 'two of four');
    assert.equal((await officials[1]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(1) })).json().openedAt, null, 'three of four');
    assert.equal((await manager.get(`/api/tenders/${f.tenderId}/bids`)).json().code, 'TENDER_BIDDERS_SEALED', 'the opening started, the bids not yet read out');
    const done = await officials[4]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(4) });
    assert.equal(done.statusCode, 200, done.body);
    const opening = done.json();
    assert.equal(opening.openedAt, t.clock.now().toISOString());
    assert.deepEqual(opening.counts, { opened: 1, failed: 1, withdrawn: 1 });
    const byBidder = (name: string) => opening.results.filter((r: { bidderName: string }) => r.bidderName === name);
    const [b1] = byBidder(f.bidders[0]!.name);
    assert.equal(b1.status, 'opened');
    assert.equal(b1.priceFen, 125000000);
    assert.equal(b1.fileSm3, createHash('sm3').update(files[0]!).digest('hex'));
    const [b2] = byBidder(f.bidders[1]!.name);
    assert.deepEqual([b2.status, b2.failureCause, b2.failureFault], ['failed', 'ciphertext_altered', 'platform']);
    const [b3] = byBidder(f.bidders[2]!.name);
    assert.deepEqual([b3.status, b3.failureCause, b3.failureFault, b3.priceFen], ['withdrawn', 'mac_mismatch', 'bidder', null], 'the bidder\'s fault: counts as withdrawn');
    assert.equal(opening.results.length, 3, 'bids replaced or withdrawn by their bidders before the deadline are not read out');

    const tender = await t.owner.selectFrom('tenders').select(['status', 'opened_at']).where('id', '=', f.tenderId).executeTakeFirstOrThrow();
    assert.equal(tender.status, 'evaluation');
    // The registry's record of the opened bid's bidder, looked up right after the opening (docs/trading.md "The
    // enterprise registry"): the fixture's bidder is unknown to the simulated registry.
    const looked = await t.owner.selectFrom('tender_registry_records').select(['bidder_id', 'outcome', 'looked_up_at']).where('tender_id', '=', f.tenderId).execute();
    assert.deepEqual(looked, [{ bidder_id: f.bidders[0]!.id, outcome: 'not_found', looked_up_at: t.clock.now() }]);
    const shares = await t.owner.selectFrom('tender_key_shares').select('submitted_share').where('tender_id', '=', f.tenderId).execute();
    assert.ok(shares.every((s) => s.submitted_share === null), 'handed-in shares are wiped after the opening');
    assert.equal((await officials[2]!.post(`/api/tenders/${f.tenderId}/opening/shares`, { share: sharePlain(2) })).json().code, 'BID_ALREADY_OPENED');
    const seen = await bidders[0]!.get(`/api/tenders/${f.tenderId}/opening`);
    assert.equal(seen.statusCode, 200, 'a bidder of the tender reads the read-out after the opening');
    assert.equal(seen.json().results.length, 3);
    // Read out: the center's staff list who handed in a bid, as before.
    const listed = await manager.get(`/api/tenders/${f.tenderId}/bids?pageSize=100`);
    assert.equal(listed.statusCode, 200, listed.body);
    const names = new Set(listed.json().items.map((b: { bidderName: string }) => b.bidderName));
    for (const b of f.bidders.slice(0, 3)) assert.ok(names.has(b.name), b.name);
  });
});
