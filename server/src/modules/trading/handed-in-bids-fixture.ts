import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { insertUser } from '../auth/auth.repository.ts';

/**
 * Test data (API and browser tests): bids handed in to a tender, written straight into the database as the bids module
 * leaves them before the opening (status `submitted`, a receipt of a department's e-seal whose signature is not checked
 * here), so that a test may open the tender: 招标投标法 第二十八条 refuses the opening with fewer than three bidders
 * (TENDER_TOO_FEW_BIDS). Trading never imports bids, so rows only; `bids/bids.test.ts` and `e2e/bids.e2e.ts` hand in
 * real sealed bids. Each bidder is an enterprise found by its credit code, or made (no password: it never signs in).
 */
export interface HandedInBid { id: string; bidderId: string; name: string; creditCode: string }

let seq = 0;

export async function handInBids(
  owner: Db, tenderId: string,
  opts: { count?: number; bidders?: Array<{ name: string; creditCode: string }>; at?: Date } = {},
): Promise<HandedInBid[]> {
  const tender = await owner.selectFrom('tenders').select(['bid_deadline']).where('id', '=', tenderId).executeTakeFirstOrThrow();
  // Handed in before the deadline (by default an hour before it).
  const at = opts.at ?? new Date((tender.bid_deadline ?? new Date()).getTime() - 3600_000);
  const tag = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const wanted = opts.bidders ?? Array.from({ length: opts.count ?? 3 }, (_, i) => ({
    name: `递交投标企业${i + 1}有限公司 ${tag}`, creditCode: `91460000HB${tag}`.slice(0, 16) + String(++seq % 100).padStart(2, '0'),
  }));
  const seal = await owner.selectFrom('seal_keys').select(['seal_id', 'version']).orderBy('seal_id').orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  const department = await owner.selectFrom('seals').select('department_id').where('id', '=', seal.seal_id).executeTakeFirstOrThrow();
  const out: HandedInBid[] = [];
  for (const [i, b] of wanted.entries()) {
    const found = await owner.selectFrom('users').select('id').where('credit_code', '=', b.creditCode).executeTakeFirst();
    const bidderId = found?.id ?? (await insertUser(owner, { kind: 'enterprise', name: b.name, creditCode: b.creditCode, legalRepresentative: '王五', passwordHash: '!' }))!;
    const id = randomUUID();
    const sm3 = createHash('sm3').update(id).digest('hex');
    const receipt = await owner.insertInto('signed_documents').values({
      verification_id: `HB${tag}${String(i).padStart(6, '0')}`.slice(0, 16), seal_id: seal.seal_id, key_version: seal.version,
      department_id: department.department_id!, kind: 'bid_receipt', ref: id, digest: sm3, signed_data: '{}', signature: '00', signed_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await owner.insertInto('bids').values({
      id, tender_id: tenderId, bidder_id: bidderId, status: 'submitted', file_key: `fixture-${id}`, sm3, size: 1000, submitted_at: at, receipt_id: receipt.id,
    }).execute();
    out.push({ id, bidderId, name: b.name, creditCode: b.creditCode });
  }
  return out;
}
