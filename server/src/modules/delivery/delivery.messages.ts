import type { Tx } from '../../db/database.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';

/**
 * Messages to the applicant for the delivery steps (issue 13's message centre), sent in the
 * transaction of the step, once per handing-over (the dedupe key names it): the parcel posted with
 * its carrier and tracking number, the result in the cabinet with its locker, pickup code and last
 * day. The pickup code goes only to the applicant (never to staff, never to the audit).
 */
const CARRIER: Record<string, { zh: string; en: string }> = { ems: { zh: 'EMS', en: 'EMS' }, sf: { zh: '顺丰速运', en: 'SF Express' }, jd: { zh: '京东物流', en: 'JD Logistics' } };

interface CaseRef { id: string; applicant_id: string | null; center_id: string }

export async function tellPosted(tx: Tx, c: CaseRef, p: { deliveryId: string; carrier: string; trackingNo: string; at: Date }) {
  if (!c.applicant_id) return;
  const carrier = CARRIER[p.carrier] ?? { zh: p.carrier, en: p.carrier };
  await messageApplicant(tx, {
    kind: 'delivery.posted', userId: c.applicant_id, centerId: c.center_id, caseId: c.id,
    title: { zh: '办理结果已寄出', en: 'Your result has been posted' },
    body: { zh: `办理结果已交${carrier.zh}寄出，运单号 ${p.trackingNo}。`, en: `Your result was posted with ${carrier.en}, tracking number ${p.trackingNo}.` },
    link: `/my/cases/${c.id}`, dedupeKey: `delivery.posted:${p.deliveryId}`, at: p.at,
  });
}

export async function tellInCabinet(tx: Tx, c: CaseRef, p: { deliveryId: string; lockerNo: string; code: string; holdUntil: string; at: Date }) {
  if (!c.applicant_id) return;
  await messageApplicant(tx, {
    kind: 'delivery.in_cabinet', userId: c.applicant_id, centerId: c.center_id, caseId: c.id,
    title: { zh: '办理结果已放入自助取件柜', en: 'Your result is in the pickup cabinet' },
    body: {
      zh: `办理结果已放入自助取件柜 ${p.lockerNo} 号柜格，取件码 ${p.code}，请于 ${p.holdUntil} 前取件。`,
      en: `Your result is in locker ${p.lockerNo} of the pickup cabinet; pickup code ${p.code}. Collect it by ${p.holdUntil}.`,
    },
    link: `/my/cases/${c.id}`, dedupeKey: `delivery.in_cabinet:${p.deliveryId}`, at: p.at,
  });
}
