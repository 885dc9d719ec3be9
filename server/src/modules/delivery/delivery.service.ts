import { timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { DeliveryChoice } from '../../lib/delivery-choice.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { checkIdNumber } from '../../lib/identity.ts';
import { maskIdNumber } from '../../lib/mask.ts';
import { authorize, casePolicy, deliveryPolicy, rolesOn, type Actor, type CaseRole } from '../../policies/index.ts';
import * as cases from '../cases/cases.repository.ts';
import { caseStream, factsOf, rulesOf, transition } from '../cases/cases.service.ts';
import { check, OPEN_STATES, type Actor as Role, type CaseState } from '../cases/transitions.ts';
import { assertWindowScope } from '../cases/window-scope.ts';
import * as repo from './delivery.repository.ts';
import type { PickupInput } from './delivery.schemas.ts';

const caseNotFound = () => NOT_FOUND({ zh: '办件', en: 'Case' });
export const sameText = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A case may change its choice while it is open and not yet delivered (nor posted, nor in a cabinet). */
const choiceOpen = (status: string) => OPEN_STATES.includes(status as CaseState);

async function checkRegion(db: AppContext['db'] | Tx, c: DeliveryChoice) {
  if (c.method === 'post' && !(await repo.regionExists(db, c.regionCode))) throw errors.DELIVERY_REGION_UNKNOWN({ field: 'regionCode' });
}

/** Stores the choice made with the application (listener of `case.submitted`, in the submission's transaction). */
export async function choiceAtSubmission(tx: Tx, caseId: string, choice: DeliveryChoice, actorId: string | null, at: Date) {
  await checkRegion(tx, choice);
  await repo.saveChoice(tx, caseId, choice, actorId, at);
  await appendAudit(tx, { stream: caseStream(caseId), action: 'case.delivery_choice_set', actorId, at, data: { method: choice.method, atApplication: true } });
}

/** The applicant (or the clerk who registered a walk-in) changes how the result is delivered. */
export async function changeChoice(ctx: AppContext, who: Actor | null, caseId: string, choice: DeliveryChoice) {
  if (!who) throw UNAUTHENTICATED();
  authorize(deliveryPolicy, who, 'choose');
  await ctx.db.transaction().execute(async (tx) => {
    const c = await cases.lockCase(tx, caseId);
    if (!c) throw caseNotFound();
    authorize(deliveryPolicy, who, 'choose', c);
    // A part is delivered with its joint case: the choice is the joint case's.
    if (c.kind === 'part' || c.kind === 'upper' || !choiceOpen(c.status)) throw errors.DELIVERY_CHOICE_CLOSED();
    if (await repo.findOpen(tx, c.id)) throw errors.DELIVERY_ALREADY_OUT();
    await checkRegion(tx, choice);
    const now = ctx.clock.now();
    await repo.saveChoice(tx, c.id, choice, who.id, now);
    await appendAudit(tx, { stream: caseStream(c.id), action: 'case.delivery_choice_set', actorId: who.id, at: now, data: { method: choice.method } });
  });
}

/**
 * The case locked for a delivery step by the window: the caller must be the window staff of its
 * center, and the transition table must let the window deliver it now (ready, not a part alone).
 */
export async function caseForHandOver(ctx: AppContext, tx: Tx, who: Actor | null, caseId: string) {
  if (!who) throw UNAUTHENTICATED();
  authorize(deliveryPolicy, who, 'hand_over');
  // With its parts, root first (cases lockCaseFamily): delivering a joint case delivers them.
  const c = await cases.lockCaseFamily(tx, caseId);
  if (!c) throw caseNotFound();
  authorize(casePolicy, who, 'read', c);
  authorize(deliveryPolicy, who, 'hand_over', c);
  const roles = rolesOn(who, c) as Role[];
  // A proxy or department window hands out only the results of the departments it serves (cases/window-scope.ts).
  await assertWindowScope(tx, who, c, roles as CaseRole[], 'deliver');
  const verdict = check('deliver', roles, factsOf(c, await rulesOf(tx, c), chinaDate(ctx.clock.now()), { id: who.id, roles }));
  if (!verdict.ok) throw errors.CASE_STATE_CONFLICT({ reason: verdict.reason, details: { reason: verdict.reason } });
  return { c, roles };
}

/** The identity the holder shows matches the applicant's registered ID number or credit code. */
async function holderMatches(tx: Tx, applicantId: string, number: string) {
  const a = await repo.applicantIdentity(tx, applicantId);
  const registered = a?.id_number ?? a?.credit_code ?? null;
  return registered !== null && sameText(registered.toUpperCase(), number.toUpperCase());
}

/**
 * Pickup at the delivery window: the clerk checks the receipt number and query code, or the holder's
 * identity; a proxy (代领) also needs their name, ID number and the scan of a written authorisation.
 * Any failed check refuses with its code and writes nothing. Then the case is delivered.
 */
export async function pickup(ctx: AppContext, who: Actor | null, caseId: string, input: PickupInput) {
  await ctx.db.transaction().execute(async (tx) => {
    const { c, roles } = await caseForHandOver(ctx, tx, who, caseId);
    const v = input.verification;
    if (v.kind === 'query_code') {
      if (!c.receipt_no || !c.query_code || !sameText(v.receiptNo, c.receipt_no) || !sameText(v.queryCode, c.query_code)) throw errors.DELIVERY_QUERY_CODE_WRONG({ field: 'verification' });
    } else if (!(await holderMatches(tx, c.applicant_id, v.number))) throw errors.DELIVERY_IDENTITY_MISMATCH({ field: 'verification' });
    const p = input.collector;
    let proxy = null;
    if (p.kind === 'proxy') {
      const valid = p.name && p.name.length >= 1 && p.idNumber && checkIdNumber(p.idNumber.toUpperCase(), ctx.clock.now()).ok && p.authorisationFileId
        && (await repo.ownFile(tx, p.authorisationFileId, who!.id));
      if (!valid) throw errors.DELIVERY_PROXY_AUTHORISATION_REQUIRED({ field: 'collector' });
      proxy = { proxy_name: p.name!, proxy_id_number: p.idNumber!.toUpperCase(), authorisation_file_id: p.authorisationFileId! };
    }
    if (await repo.findOpen(tx, c.id)) throw errors.DELIVERY_ALREADY_OUT();
    const now = ctx.clock.now();
    await repo.insertDelivery(tx, {
      case_id: c.id, center_id: c.delivery_center_id ?? c.center_id, method: 'pickup', status: 'delivered', verified_by: v.kind, collector: p.kind,
      ...proxy, created_by: who!.id, created_at: now, ended_at: now,
    });
    await transition(ctx, tx, c, roles, { action: 'deliver', method: 'pickup' }, who);
  });
}

type Row = Awaited<ReturnType<typeof repo.listForCase>>[number];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(d: Row, showCode: boolean, showProxy: boolean) {
  return {
    id: d.id, method: d.method, status: d.status, createdAt: d.created_at.toISOString(), endedAt: iso(d.ended_at),
    verifiedBy: d.verified_by, collector: d.collector,
    proxyName: showProxy ? d.proxy_name : null, proxyIdNumber: showProxy && d.proxy_id_number ? maskIdNumber(d.proxy_id_number) : null,
    authorisationFileId: showProxy ? d.authorisation_file_id : null,
    carrier: d.carrier, trackingNo: d.tracking_no, carrierStatus: d.carrier_status, carrierEvents: d.carrier_events, signedDate: d.signed_date,
    cabinetId: d.cabinet_id, lockerNo: d.locker_no, holdUntilDate: d.hold_until_date, locked: d.locked_at !== null,
    pickupCode: showCode && d.status === 'out' ? d.pickup_code : null, returnedReason: d.returned_reason,
  };
}

/** The case's delivery as its reader sees it: the pickup code only for the applicant, a proxy's details only for staff. */
export async function deliveryOf(ctx: AppContext, who: Actor | null, caseId: string) {
  if (!who) throw UNAUTHENTICATED();
  const c = await cases.getCase(ctx.db, caseId);
  if (!c) throw caseNotFound();
  authorize(casePolicy, who, 'read', c);
  const [choice, rows] = await Promise.all([repo.findChoice(ctx.db, c.id), repo.listForCase(ctx.db, c.id)]);
  const isApplicant = who.kind !== 'staff' && who.id === c.applicant_id;
  const views = rows.map((d) => view(d, isApplicant, who.kind === 'staff'));
  const current = views.find((d) => d.status === 'out') ?? null;
  return {
    caseId: c.id,
    choice: {
      method: choice?.method ?? 'pickup', recipientName: choice?.recipient_name ?? null, recipientPhone: choice?.recipient_phone ?? null,
      regionCode: choice?.region_code ?? null, address: choice?.address ?? null, chosenAt: iso(choice?.chosen_at ?? null),
    },
    canChange: isApplicant && c.kind !== 'part' && c.kind !== 'upper' && choiceOpen(c.status) && !current,
    current, history: views,
  };
}

/** The delivery window's list of its center's results out (posted, in the cabinet) or back at the window. */
export async function listForWindow(ctx: AppContext, who: Actor | null, status: 'out' | 'returned', page: number, pageSize: number) {
  authorize(deliveryPolicy, who, 'list');
  const { rows, total } = await repo.listByCenter(ctx.db, who!.centerId!, status, page, pageSize);
  return {
    deliveries: rows.map((d) => ({
      id: d.id, caseId: d.case_id, receiptNo: d.receipt_no, applicantName: d.applicant_name, method: d.method,
      carrier: d.carrier, trackingNo: d.tracking_no, carrierStatus: d.carrier_status, cabinetId: d.cabinet_id, lockerNo: d.locker_no,
      locked: d.locked_at !== null, holdUntilDate: d.hold_until_date, returnedReason: d.returned_reason, createdAt: d.created_at.toISOString(),
    })),
    total, page, pageSize,
  };
}
