import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { chinaDate } from '../lib/clock.ts';
import { housingCast, signIn, submittedCase, type Session, type TestApp } from './harness.ts';
import { signBody } from '../modules/payments/sim-bank/keys.ts';
import { deliverNotification, SIGNATURE_HEADER, type Post } from '../modules/payments/sim-bank/sim-bank.service.ts';

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
  const accountCode = `T${caseId.slice(0, 6)}`;
  account ??= await t.owner.insertInto('fiscal_accounts').values({
    center_id: c.center_id, code: accountCode, name: '海南省财政厅非税收入汇缴专户', bank: '农业银行海口分行', account_no: '4600000000001', created_at: now,
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

/** The fee item's code in the test version's standard (a fee code, not an error code). */
const FEE_CODE = 'GBF';

/** The cast and a case of the province's building permit that waits for payment (a published version with a fee). */
export async function feeCast(t: TestApp) {
  const cast = await housingCast(t.app);
  const manager = await signIn(t.app, 'manager');
  const current = (await manager.get(`/api/admin/items/${cast.permitId}`)).json().current;
  if (!current.content.fees?.length) {
    if ((await manager.post(`/api/admin/items/${cast.permitId}/draft`)).statusCode !== 201) throw new Error('no draft');
    const content = { ...current.content, fees: [{ item: '工本费', standard: '10.50元', basis: '《收费标准》', code: FEE_CODE, fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1050 } }] };
    const saved = await manager.put(`/api/admin/items/${cast.permitId}/draft`, { content });
    if (saved.statusCode !== 200) throw new Error(`draft: ${saved.body}`);
    const pub = await manager.post(`/api/admin/items/${cast.permitId}/publish`, { validFrom: chinaDate(t.clock.now()) });
    if (pub.statusCode !== 200) throw new Error(`publish: ${pub.body}`);
  }
  const act = async (s: Session, id: string, body: Record<string, unknown>) => {
    const r = await s.post(`/api/cases/${id}/actions`, body);
    if (r.statusCode !== 200) throw new Error(`${String(body.action)}: ${r.statusCode} ${r.body}`);
    return r.json().case;
  };
  /** A case waiting for payment, and its notice. */
  const awaitingPayment = async () => {
    const c = await submittedCase(t.app, cast.company, cast.permitId);
    await act(cast.window1, c.id, { action: 'accept' });
    await act(cast.approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    await act(cast.chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
    const moved = await act(cast.chief, c.id, { action: 'handover' });
    if (moved.status !== 'awaiting_payment') throw new Error(`case is ${moved.status}`);
    return { caseId: c.id as string, notice: await noticeOf(t, c.id) };
  };
  return { ...cast, manager, act, awaitingPayment };
}

export const caseStatus = async (t: TestApp, id: string) =>
  (await t.ctx.db.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
