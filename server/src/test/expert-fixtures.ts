import { randomUUID } from 'node:crypto';
import type { TenderStatus } from '../db/types.ts';
import { makeCreditCode, makeIdNumber } from '../lib/identity.ts';
import type { TestApp } from './harness.ts';

/**
 * Test fixtures of the experts module: a trading project and tender written as rows (the trading
 * module's own lifecycle is not what these tests are about), a registered bidder, valid codes.
 */
let seq = 0;
export const creditCode = () => makeCreditCode('9', '1', '460100', `MA${String(++seq).padStart(6, '0')}`);
export const idNumber = () => makeIdNumber('460100', '19800101', String(100 + (++seq % 900)).padStart(3, '0'));

export { uniqueIdNumber } from './unique-identity.ts';

export interface TenderFixture { tenderId: string; projectId: string; buyerCode: string; supervisorCode: string; centerId: string }

export async function tenderFixture(t: TestApp, centerId: string, opts: { status?: TenderStatus; committeeSize?: number | null; sector?: string | null; criteria?: unknown[] } = {}): Promise<TenderFixture> {
  const now = t.clock.now();
  const dept = await t.ctx.db.selectFrom('departments').select(['id', 'credit_code']).where('center_id', '=', centerId).orderBy('name').executeTakeFirstOrThrow();
  const region = await t.ctx.db.selectFrom('centers').select('region_code').where('id', '=', centerId).executeTakeFirstOrThrow();
  const buyerCode = creditCode();
  const projectCode = `P-${randomUUID().slice(0, 8)}`;
  const project = await t.owner.insertInto('trading_projects').values({
    center_id: centerId, kind: 'construction', code: projectCode, name: '海口市某水厂改扩建工程',
    buyer_name: '某水务集团', buyer_org_code: buyerCode, department_id: dept.id, region_code: region.region_code, created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const tender = await t.owner.insertInto('tenders').values({
    project_id: project.id, center_id: centerId, status: opts.status ?? 'bidding', title: '施工总承包招标',
    criteria: JSON.stringify(opts.criteria ?? [
      { key: 'price', name: { zh: '报价', en: 'Price' }, weight: 40 },
      { key: 'technical', name: { zh: '技术方案', en: 'Technical proposal' }, weight: 50 },
      { key: 'credit', name: { zh: '信用', en: 'Credit' }, weight: 10 },
    ]),
    committee_size: opts.committeeSize === undefined ? 5 : opts.committeeSize, sector: opts.sector ?? null, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return { tenderId: tender.id, projectId: project.id, buyerCode, supervisorCode: dept.credit_code, centerId };
}

/** Registers an enterprise as a bidder of the tender: it took the tender document. */
export async function registerBidder(t: TestApp, tenderId: string, userId: string) {
  const now = t.clock.now();
  const file = await t.owner.insertInto('files').values({ sha256: '0'.repeat(64), name: '招标文件.pdf', mime: 'application/pdf', size: 1, storage_key: 'x' })
    .returning('id').executeTakeFirstOrThrow();
  const version = Number((await t.owner.selectFrom('tender_documents').select((e) => e.fn.countAll<string>().as('n')).where('tender_id', '=', tenderId).executeTakeFirstOrThrow()).n) + 1;
  const doc = await t.owner.insertInto('tender_documents').values({ tender_id: tenderId, version, title: '招标文件', file_id: file.id, sha256: '0'.repeat(64), created_at: now })
    .returning('id').executeTakeFirstOrThrow();
  await t.owner.insertInto('tender_document_downloads').values({ tender_id: tenderId, document_id: doc.id, user_id: userId, at: now }).execute();
}

export const setTenderStatus = (t: TestApp, tenderId: string, status: TenderStatus) =>
  t.owner.updateTable('tenders').set({ status }).where('id', '=', tenderId).execute();
