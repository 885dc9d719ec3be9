import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/database.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, type Session } from './harness.ts';

/**
 * Test fixtures for reconciliation: notices and payments written straight into the fees tables (a
 * reconciliation test is about matching them, not about how fees issues them), and the statement
 * upload as a browser sends it.
 */
export interface NoticeFixture { id: string; noticeNo: string; caseId: string; totalFen: number; centerId: string; departmentId: string; accountId: string }

export async function fixtureAccount(db: Db, centerId: string) {
  const code = `RECON-${centerId.slice(0, 8)}`;
  const found = await db.selectFrom('fiscal_accounts').select('id').where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();
  if (found) return found.id;
  return (await db.insertInto('fiscal_accounts').values({
    center_id: centerId, code, name: '非税收入汇缴结算户', bank: '模拟银行', account_no: `6222${centerId.replace(/\D/g, '').slice(0, 12)}`, created_at: new Date('2026-01-01T00:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A case submitted online at the center whose item is named, each with its own notice. */
export async function noticeFor(app: FastifyInstance, db: Db, applicant: Session, item: { name: string; center: string }, totalFen: number, at: Date): Promise<NoticeFixture> {
  const c = await submittedCase(app, applicant, await itemIdByName(app, item.name, item.center));
  const row = await db.selectFrom('cases').select(['id', 'center_id', 'department_id', 'applicant_id']).where('id', '=', c.id).executeTakeFirstOrThrow();
  const accountId = await fixtureAccount(db, row.center_id);
  const noticeNo = `46${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;
  const n = await db.insertInto('payment_notices').values({
    notice_no: noticeNo, case_id: row.id, center_id: row.center_id, department_id: row.department_id, payer_id: row.applicant_id,
    payer_name: DEMO_ENTERPRISE.name, payer_code: DEMO_ENTERPRISE.creditCode, fiscal_account_id: accountId, total_fen: totalFen,
    due_date: '2026-12-31', issued_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: n.id, noticeNo, caseId: row.id, totalFen, centerId: row.center_id, departmentId: row.department_id, accountId };
}

export async function paymentOf(db: Db, n: NoticeFixture, p: { txn?: string; amountFen?: number; paidAt: Date; channel?: string }) {
  const txn = p.txn ?? `SB${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const row = await db.insertInto('payments').values({
    notice_id: n.id, channel: p.channel ?? 'sim_bank', channel_txn_id: txn, amount_fen: p.amountFen ?? n.totalFen, paid_at: p.paidAt, recorded_at: p.paidAt, settled: true,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, txn };
}

export function uploadStatement(app: FastifyInstance, s: Session | null, q: { channel: string; day: string }, bytes: Buffer, name = 'statement.csv'): Promise<LightMyRequestResponse> {
  const boundary = `----ow${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) };
  return app.inject({ method: 'POST', url: `/api/finance/reconciliation/statements?channel=${q.channel}&day=${q.day}`, payload, headers });
}

export const signInAll = async <K extends string>(app: FastifyInstance, cast: Record<K, string>) => {
  const out = {} as Record<K, Session>;
  for (const [k, login] of Object.entries(cast) as Array<[K, string]>) out[k] = await signIn(app, login);
  return out;
};
