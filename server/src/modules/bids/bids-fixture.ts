import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { makeCreditCode } from '../../lib/identity.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { DEMO_PASSWORD } from '../../seed/demo-password.ts';
import { insertUser } from '../auth/auth.repository.ts';

/**
 * Test data for the sealed bids (API and browser tests): a Haikou project and a tender in its bidding
 * period written straight into the database as the trading module leaves them, five officials (three of the
 * supervising department, two trading staff: the bodies that hold key shares) and three bidding enterprises. Not used by the platform itself.
 */
export interface BidsFixture {
  centerId: string;
  departmentId: string;
  tenderId: string;
  deadline: Date;
  officials: { id: string; username: string }[];
  bidders: { id: string; username: string; name: string }[];
}

/** Distinct credit codes within a process (random ones can collide on the users' unique key). */
let bidderSeq = 0;

export async function bidsFixture(owner: Db, now: Date, tag = randomUUID().slice(0, 6)): Promise<BidsFixture> {
  const center = await owner.selectFrom('centers').select(['id', 'region_code']).where('name', 'like', '海口%').executeTakeFirstOrThrow();
  // The supervising department: one of the center's departments with an e-seal (it signs the receipts).
  const dept = await owner.selectFrom('departments as d').innerJoin('seals as s', 's.department_id', 'd.id')
    .select('d.id').where('d.center_id', '=', center.id).orderBy('d.name').limit(1).executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const officials = [];
  // The custodians come from both bodies (BID_KEY_CUSTODIANS_ONE_BODY): officials 1–3 of the supervising department
  // (an approver, a chief, an approver), 4–5 the trading center's trading staff. All five hold a key only at k ≥ 4
  // (BID_KEY_BODY_HOLDS_QUORUM: the department's three alone would reach k = 3).
  for (let i = 1; i <= 5; i++) {
    const username = `official${i}.${tag}`;
    const ofDept = i <= 3;
    const id = (await insertUser(owner, {
      kind: 'staff', name: `开标官员${i}`, username, passwordHash, roles: ofDept ? [i === 2 ? 'chief' : 'approver'] : ['trading'],
      centerId: center.id, departmentId: ofDept ? dept.id : null,
    }))!;
    officials.push({ id, username });
  }
  const bidders = [];
  for (let i = 1; i <= 3; i++) {
    const username = `bidder${i}.${tag}`;
    const name = `投标企业${i}有限公司`;
    const creditCode = makeCreditCode('9', '1', '460100', `ME${String(++bidderSeq).padStart(6, '0')}`);
    const id = (await insertUser(owner, { kind: 'enterprise', name, username, creditCode, legalRepresentative: '张三', passwordHash }))!;
    bidders.push({ id, username, name });
  }
  const projectCode = `HK-${tag}`;
  const project = await owner.insertInto('trading_projects').values({
    center_id: center.id, kind: 'construction', code: projectCode, name: '海口市某道路改造工程', buyer_name: '海口市某建设单位',
    buyer_org_code: makeCreditCode('1', '1', '460100', 'MB000001'), department_id: dept.id, region_code: center.region_code, created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const deadline = new Date(now.getTime() + 2 * 86400_000);
  const tender = await owner.insertInto('tenders').values({
    project_id: project.id, center_id: center.id, status: 'bidding', title: `道路改造工程施工招标 ${tag}`,
    published_at: new Date(now.getTime() - 20 * 86400_000), bid_deadline: deadline, opening_at: deadline, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return { centerId: center.id, departmentId: dept.id, tenderId: tender.id, deadline, officials, bidders };
}
