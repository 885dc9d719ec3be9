import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../../test/harness.ts';
import { signBody } from './sim-bank/keys.ts';
import { deliverNotification, SIGNATURE_HEADER, type Post } from './sim-bank/sim-bank.service.ts';

/** Test helpers of the payment tests (not a test file: no tests run from here). */

/** The bank's notifications reach our notify endpoint through app.inject instead of HTTP. */
export const injectPost = (app: FastifyInstance): Post => async (url, body, headers) => {
  const res = await app.inject({ method: 'POST', url: new URL(url, 'http://localhost').pathname, payload: body, headers });
  return { status: res.statusCode, body: res.body };
};

/** Delivers every notification the simulated bank has not delivered yet, oldest first (the job's work, run here). */
export async function deliverPending(t: TestApp): Promise<number> {
  const rows = await t.ctx.db.selectFrom('sim_bank_notifications').select(['id']).where('delivered_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  for (const r of rows) await deliverNotification(t.ctx, r.id, injectPost(t.app));
  return rows.length;
}

/** A notification signed by someone other than the bank (a forger's own Ed25519 key). */
export function forged(body: object): { body: string; headers: Record<string, string> } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const text = JSON.stringify(body);
  return { body: text, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(privateKey, text) } };
}

/** The payments, the case status and the notice status that a refused notification must not change. */
export async function moneyFootprint(t: TestApp, noticeId: string) {
  const db = t.ctx.db;
  const notice = await db.selectFrom('payment_notices').select(['status', 'case_id', 'row_version']).where('id', '=', noticeId).executeTakeFirstOrThrow();
  const c = await db.selectFrom('cases').select(['status', 'row_version']).where('id', '=', notice.case_id).executeTakeFirstOrThrow();
  const payments = await db.selectFrom('payments').select(['id']).where('notice_id', '=', noticeId).execute();
  const events = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('stream', 'in', [`case:${notice.case_id}`, `payment_notice:${noticeId}`]).executeTakeFirstOrThrow();
  return { notice, case: c, payments: payments.length, events: Number(events.n) };
}

/**
 * The live notice of a case: the one fees-core issued at the fee point if there is one, else one
 * written here as the insider (for refusal tests on cases that never reach a fee point).
 */
export async function noticeOf(t: TestApp, caseId: string, opts: { totalFen?: number; dueDate?: string } = {}) {
  const live = await t.owner.selectFrom('payment_notices').selectAll().where('case_id', '=', caseId).where('status', 'in', ['issued', 'paid']).executeTakeFirst();
  if (live) return live;
  const c = await t.owner.selectFrom('cases').select(['center_id', 'department_id', 'applicant_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const payer = await t.owner.selectFrom('users').select(['name', 'id_number', 'credit_code']).where('id', '=', c.applicant_id!).executeTakeFirstOrThrow();
  const now = t.clock.now();
  let account = await t.owner.selectFrom('fiscal_accounts').select(['id']).where('center_id', '=', c.center_id).executeTakeFirst();
  account ??= await t.owner.insertInto('fiscal_accounts').values({
    center_id: c.center_id, code: `T${caseId.slice(0, 6)}`, name: '海南省财政厅非税收入汇缴专户', bank: '农业银行海口分行', account_no: '4600000000001', created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const totalFen = opts.totalFen ?? 1050;
  const n = await t.owner.insertInto('payment_notices').values({
    notice_no: `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase(), case_id: caseId, center_id: c.center_id,
    department_id: c.department_id, payer_id: c.applicant_id!, payer_name: payer.name, payer_code: payer.credit_code ?? payer.id_number ?? '',
    fiscal_account_id: account.id, total_fen: totalFen, due_date: opts.dueDate ?? '2099-12-31', issued_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  await t.owner.insertInto('payment_notice_lines').values({ notice_id: n.id, line_no: 1, fee_code: 'GB', name: '工本费', basis: '《收费标准》', quantity: 1, standard_fen: totalFen, amount_fen: totalFen }).execute();
  return n;
}
