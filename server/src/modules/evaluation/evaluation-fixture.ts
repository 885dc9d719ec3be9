import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { TenderCriterion } from '../../db/types.ts';
import { makeCreditCode } from '../../lib/identity.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { uniqueIdNumber } from '../../test/unique-identity.ts';
import { DEMO_PASSWORD } from '../../seed/demo-password.ts';
import { insertUser } from '../auth/auth.repository.ts';
import { bidsFixture, type BidsFixture } from '../bids/bids-fixture.ts';

/**
 * Test data for the evaluation (API and browser tests): the sealed-bids fixture's Haikou tender moved on as the
 * bids and experts modules leave it — opened after its deadline and in `evaluation`, with three opened bids,
 * one that failed to open (platform fault) and one withdrawn at the opening (bidder fault), and a drawn
 * committee of five seated experts (each with their own `expert` account) plus one reserve, and one more expert
 * account of the center who sits on no committee. Rows are written directly: the opening and the draw are
 * tested in their own modules. Not used by the platform itself.
 */
export interface EvaluationFixture extends BidsFixture {
  /** The opened bids, in the bidders' order, with their prices. */
  opened: Array<{ id: string; bidderId: string; name: string; priceFen: number }>;
  failedBidId: string;
  withdrawnBidId: string;
  /** Seated experts in seat order (1…5): their pool id, account and name. */
  seated: Array<{ expertId: string; userId: string; username: string; name: string }>;
  reserve: { expertId: string; userId: string; username: string };
  outsider: { userId: string; username: string };
  criteria: TenderCriterion[];
}

export const FIXTURE_CRITERIA: TenderCriterion[] = [
  { key: 'technical', name: { zh: '技术方案', en: 'Technical proposal' }, weight: 50 },
  { key: 'commercial', name: { zh: '商务', en: 'Commercial terms' }, weight: 20 },
  { key: 'price', name: { zh: '投标报价', en: 'Price' }, weight: 30 },
];

/** Distinct codes within a process (random ones collided once in CI: a unique key on the center's experts). */
let codeSeq = 0;

export async function evaluationFixture(owner: Db, now: Date, opts: { criteria?: TenderCriterion[]; prices?: number[] } = {}): Promise<EvaluationFixture> {
  const tag = randomUUID().slice(0, 6);
  const f = await bidsFixture(owner, now, tag);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Two more bidders: one whose bid fails at the opening, one whose bid is withdrawn there.
  const more = [];
  for (const i of [4, 5]) {
    const username = `bidder${i}.${tag}`;
    const name = `投标企业${i}有限公司`;
    const creditCode = makeCreditCode('9', '1', '460100', `MC${String(++codeSeq).padStart(6, '0')}`);
    more.push({ id: (await insertUser(owner, { kind: 'enterprise', name, username, creditCode, legalRepresentative: '李四', passwordHash }))!, username, name });
  }
  const bidders = [...f.bidders, ...more];
  const deadline = new Date(now.getTime() - 2 * 3600_000);
  const criteria = opts.criteria ?? FIXTURE_CRITERIA;
  await owner.updateTable('tenders').set({
    status: 'evaluation', criteria: JSON.stringify(criteria), committee_size: 5, bid_deadline: deadline, bidding_until: deadline, opening_at: deadline, opened_at: new Date(now.getTime() - 3600_000),
  }).where('id', '=', f.tenderId).execute();

  // The receipts: signed documents of the supervising department's seal (the signature is not checked here).
  const seal = await owner.selectFrom('seals as s').innerJoin('seal_keys as k', 'k.seal_id', 's.id').select(['s.id', 'k.version'])
    .where('s.department_id', '=', f.departmentId).orderBy('k.version', 'desc').limit(1).executeTakeFirstOrThrow();
  const prices = opts.prices ?? [125_000_000, 119_800_050, 130_200_000];
  const bidRows: Array<{ id: string; bidderId: string; status: 'opened' | 'failed' | 'withdrawn' }> = [];
  for (const [i, b] of bidders.entries()) {
    const id = randomUUID();
    const sm3 = createHash('sm3').update(id).digest('hex');
    const receipt = await owner.insertInto('signed_documents').values({
      verification_id: `EV${tag.toUpperCase().replace(/[^0-9A-Z]/g, '0')}${String(i).padStart(8, '0')}`.slice(0, 16), seal_id: seal.id, key_version: seal.version,
      department_id: f.departmentId, kind: 'bid_receipt', ref: id, digest: sm3, signed_data: '{}', signature: '00', signed_at: new Date(now.getTime() - 3 * 86400_000),
    }).returning('id').executeTakeFirstOrThrow();
    const status = i < 3 ? 'opened' : i === 3 ? 'failed' : 'withdrawn';
    await owner.insertInto('bids').values({
      id, tender_id: f.tenderId, bidder_id: b.id, status, file_key: `fixture-${id}`, sm3, size: 1000,
      submitted_at: new Date(now.getTime() - (3 * 86400_000 - i * 60_000)), receipt_id: receipt.id,
      ...(status === 'opened' ? { opened_at: deadline, price_fen: prices[i]!, opened_file_name: `投标文件${i + 1}.pdf`, opened_file_sm3: sm3, opened_file_size: 900, opened_file_key: `fixture-open-${id}` } : {}),
      ...(status === 'failed' ? { failure_cause: 'stored_missing', failure_fault: 'platform' as const } : {}),
      ...(status === 'withdrawn' ? { withdrawn_at: deadline, withdrawn_reason: 'opening_failure' as const, failure_cause: 'mac_mismatch', failure_fault: 'bidder' as const } : {}),
    }).execute();
    bidRows.push({ id, bidderId: b.id, status });
  }

  // The committee: five seated experts and one reserve, each with their own account; one more account on no committee.
  const accounts = [];
  for (let i = 1; i <= 7; i++) {
    const username = `expert${i}.${tag}`;
    const name = `评标专家${'甲乙丙丁戊己庚'[i - 1]}${tag.slice(0, 2)}`;
    const userId = (await insertUser(owner, { kind: 'staff', name, username, passwordHash, roles: ['expert'], centerId: f.centerId }))!;
    const expert = await owner.insertInto('experts').values({
      center_id: f.centerId, user_id: userId, name, id_number: uniqueIdNumber(),
      specialties: ['roads'], region_code: '460100', employer_code: makeCreditCode('1', '2', '460100', `MD${String(++codeSeq).padStart(6, '0')}`),
      employer_name: '某设计研究院', created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    accounts.push({ expertId: expert.id, userId, username, name });
  }
  const drawer = f.officials[0]!.id;
  const pool = accounts.slice(0, 6).map((a) => a.expertId).sort();
  const draw = await owner.insertInto('expert_draws').values({
    tender_id: f.tenderId, center_id: f.centerId, status: 'drawn', committee_size: 5, buyer_reps: 0, expert_seats: 5, reserves: 1,
    filters: JSON.stringify({ specialties: ['roads'] }), algorithm: 'rfc3797-md5/v1', pool_ids: pool, pool_hash: '0'.repeat(64),
    commitment: '{}', commitment_hash: '0'.repeat(64), seed_source: '测试随机数', seed_sources: 1, seed_due_at: new Date(now.getTime() - 86400_000),
    committed_by: drawer, committed_at: new Date(now.getTime() - 2 * 86400_000), seed: JSON.stringify([['1']]), key_string: '1./', drawn_by: drawer, drawn_at: new Date(now.getTime() - 86400_000),
  }).returning('id').executeTakeFirstOrThrow();
  await owner.insertInto('expert_draw_members').values(accounts.slice(0, 6).map((a, i) => ({ draw_id: draw.id, rank: i + 1, expert_id: a.expertId, seat: i < 5 ? 'seated' as const : 'reserve' as const }))).execute();

  const names = new Map(bidders.map((b) => [b.id, b.name]));
  return {
    ...f, bidders, criteria,
    opened: bidRows.filter((b) => b.status === 'opened').map((b, i) => ({ id: b.id, bidderId: b.bidderId, name: names.get(b.bidderId)!, priceFen: prices[i]! })),
    failedBidId: bidRows[3]!.id, withdrawnBidId: bidRows[4]!.id,
    seated: accounts.slice(0, 5), reserve: accounts[5]!, outsider: accounts[6]!,
  };
}
