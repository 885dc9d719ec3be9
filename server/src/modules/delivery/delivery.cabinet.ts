import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { tellInCabinet } from './delivery.messages.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { defineJob, enqueue } from '../../lib/jobs.ts';
import type { Actor } from '../../policies/index.ts';
import * as cases from '../cases/cases.repository.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import { caseStream, transition } from '../cases/cases.service.ts';
import { cabinetFor, type Cabinet } from './cabinet.ts';
import * as repo from './delivery.repository.ts';
import { caseForHandOver, sameText } from './delivery.service.ts';
import { chinaToday } from './delivery.post.ts';

/**
 * The self-pickup cabinet (自助取件柜, seed 004 三(三)3). The clerk puts the result in a locker; the
 * applicant gets an 8-digit pickup code from a cryptographic random source, shown on their own case
 * page only (never to staff); the platform keeps its scrypt hash to check a code, and the code itself
 * only while the result is in the locker. The cabinet reports a typed code; the right one delivers
 * the case exactly once; wrong ones are counted and lock the locker after CABINET_MAX_TRIES; a result
 * not collected within CABINET_HOLD_WORKDAYS working days goes back to the delivery window.
 */
const CODE_DIGITS = 8;
const hashCode = (code: string, salt = randomBytes(16)) => `${salt.toString('hex')}:${scryptSync(code, salt, 32).toString('hex')}`;
function codeMatches(code: string, stored: string) {
  const [salt, hash] = stored.split(':');
  return timingSafeEqual(scryptSync(code, Buffer.from(salt!, 'hex'), 32), Buffer.from(hash!, 'hex'));
}

/** Opening a locker for staff is a call to the cabinet: through the job queue, after the change commits. */
let releaseWith: Cabinet | null = null;
export const releaseLocker = defineJob<{ cabinetId: string; lockerNo: string }>('delivery.cabinet_release', async (p) => {
  if (!releaseWith) throw new Error('no cabinet client on this instance');
  await releaseWith.release(p.lockerNo);
});
export function useCabinetClient(cabinet: Cabinet) {
  releaseWith = cabinet;
}

export async function placeInCabinet(ctx: AppContext, who: Actor | null, caseId: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const { c } = await caseForHandOver(ctx, tx, who, caseId);
    const choice = await repo.findChoice(tx, c.id);
    if (choice?.method !== 'cabinet') throw errors.DELIVERY_METHOD_NOT_CHOSEN({ method: 'cabinet' });
    if (await repo.findOpen(tx, c.id)) throw errors.DELIVERY_ALREADY_OUT();
    const cabinet = cabinetFor(ctx.config);
    const lockerNo = await cabinet.reserve(await repo.busyLockers(tx, cabinet.id));
    if (!lockerNo) throw errors.CABINET_FULL();
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const now = ctx.clock.now();
    const holdUntil = (await calendarFor(tx, c.region_code)).addWorkdays(chinaToday(ctx), ctx.config.CABINET_HOLD_WORKDAYS).due;
    const deliveryId = await repo.insertDelivery(tx, {
      case_id: c.id, center_id: c.delivery_center_id ?? c.center_id, method: 'cabinet', status: 'out', cabinet_id: cabinet.id, locker_no: lockerNo,
      code_hash: hashCode(code), pickup_code: code, hold_until_date: holdUntil, created_by: who!.id, created_at: now,
    });
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.delivery_in_cabinet', actorId: who!.id, at: now, data: { cabinetId: cabinet.id, lockerNo, holdUntil } });
    await tellInCabinet(tx, c, { deliveryId, lockerNo, code, holdUntil, at: now });
    // The clerk learns where, never the code.
    return { cabinetId: cabinet.id, lockerNo, holdUntil };
  });
}

/** The clerk takes a result back from the cabinet (locked after wrong codes, or the applicant asked to collect at the window). */
export async function takeBack(ctx: AppContext, who: Actor | null, caseId: string, reason: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const { c } = await caseForHandOver(ctx, tx, who, caseId);
    const d = await repo.lockOpen(tx, c.id);
    if (!d || d.method !== 'cabinet') throw errors.DELIVERY_NOT_OUT();
    await returnToWindow(ctx, tx, d, reason, who!.id);
  });
}

async function returnToWindow(ctx: AppContext, tx: Tx, d: repo.DeliveryRow, reason: string, actorId: string | null) {
  const now = ctx.clock.now();
  await repo.updateDelivery(tx, d.id, { status: 'returned', returned_reason: reason, pickup_code: null, ended_at: now });
  await appendAudit(tx, { stream: caseStream(d.case_id), action: 'case.delivery_returned', actorId, at: now, data: { method: 'cabinet', lockerNo: d.locker_no, reason } });
  await enqueue(tx, releaseLocker, { cabinetId: d.cabinet_id!, lockerNo: d.locker_no! }, { key: `cabinet:${d.cabinet_id}:${d.locker_no}` });
}

/** The cabinet device's token, compared in constant time; no token configured: every call refused. */
export function assertCabinetDevice(ctx: AppContext, authorization: string | undefined) {
  const token = ctx.config.CABINET_DEVICE_TOKEN;
  const given = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  if (!token || !sameText(given, token)) throw UNAUTHENTICATED();
}

type Outcome = { ok: true; caseId: string } | { ok: false; error: () => Error };

/**
 * The cabinet reports a code typed at a locker. The locker's record is locked for the report, so two
 * reports of one pickup (a device retrying) deliver once: the second finds it collected. A wrong code
 * is counted (committed) before it is refused.
 */
export async function cabinetPickup(ctx: AppContext, input: { cabinetId: string; lockerNo: string; code: string }) {
  const lockerGone = () => NOT_FOUND({ zh: '格口', en: 'Locker' });
  const found = await repo.caseInLocker(ctx.db, input.cabinetId, input.lockerNo);
  if (!found) throw lockerGone();
  const outcome: Outcome = await ctx.db.transaction().execute(async (tx) => {
    // The case first, then its delivery: the order every writer of both takes.
    const c = await cases.lockCaseWaiting(tx, found.case_id);
    const d = await repo.lockLocker(tx, input.cabinetId, input.lockerNo);
    if (!c || !d || d.case_id !== c.id || d.status === 'returned') return { ok: false, error: lockerGone };
    if (d.status === 'delivered') return { ok: false, error: () => errors.CABINET_ALREADY_COLLECTED() };
    if (d.locked_at) return { ok: false, error: () => errors.CABINET_LOCKED() };
    const now = ctx.clock.now();
    if (!codeMatches(input.code, d.code_hash!)) {
      const tries = d.wrong_tries + 1;
      const max = ctx.config.CABINET_MAX_TRIES;
      await repo.updateDelivery(tx, d.id, { wrong_tries: tries, ...(tries >= max ? { locked_at: now } : {}) });
      if (tries < max) return { ok: false, error: () => errors.CABINET_CODE_WRONG({ left: max - tries, field: 'code' }) };
      await appendAudit(tx, { stream: caseStream(c.id), action: 'case.delivery_cabinet_locked', actorId: null, at: now, data: { lockerNo: d.locker_no, tries } });
      return { ok: false, error: () => errors.CABINET_LOCKED() };
    }
    await repo.updateDelivery(tx, d.id, { status: 'delivered', pickup_code: null, ended_at: now });
    await transition(ctx, tx, c, ['system'], { action: 'deliver', method: 'cabinet' }, null, null);
    return { ok: true, caseId: c.id };
  });
  if (!outcome.ok) throw outcome.error();
  return { open: true as const, lockerNo: input.lockerNo, caseId: outcome.caseId };
}

/** Results left in the cabinet past their last day go back to the window (claimed SKIP LOCKED, one case at a time). */
export async function expireLockers(ctx: AppContext, batch = 50): Promise<number> {
  const today = chinaToday(ctx);
  const due = await ctx.db.transaction().execute((tx) => repo.claimExpiredLockers(tx, today, batch));
  let n = 0;
  for (const { id, case_id } of due) {
    await ctx.db.transaction().execute(async (tx) => {
      const c = await cases.lockCaseSkipLocked(tx, case_id);
      const d = c && await repo.lockOpen(tx, case_id);
      if (!d || d.id !== id || !d.hold_until_date || d.hold_until_date >= today) return;
      await returnToWindow(ctx, tx, d, '超过取件期限未取 / not collected in time', null);
      n++;
    });
  }
  return n;
}
