import type { Tx } from '../../db/database.ts';
import type { Bilingual } from '../../lib/errors.ts';
import { maskPhone } from '../../lib/mask.ts';
import { messageApplicant, type ApplicantMessageKind } from '../notifications/applicant-messages.ts';
import { smsToPhone } from '../notifications/outbound.ts';
import { callerKey, callerPhone } from './workorder.transitions.ts';
import * as repo from './workorders.repository.ts';

/**
 * Every caller of an appeal is told, whether or not they have a portal account (duplicate appeals
 * merged into one main order count each caller). In the transaction of the event, each caller with an
 * account gets a message in the message centre (and its SMS copy, as their preferences say), once per
 * event and person (`workorder.<event>:<mainId>:<userId>`); each caller without an account (a phone
 * call) gets an SMS to the phone they gave through the outbound channel, once per event and number
 * (`workorder.<event>:<mainId>:sms:<phone>`). The main order's history records who was told, the
 * phones masked. Events: the reply (or an answer on the call), the callback that closes the order, and the
 * lead's re-handling (重办) that sends it back to its department (`reopened`, round 1, 2: keys `…:r<round>:…`).
 * An order sent back for re-handling (重办) is replied and closed again: each round of handling (`round`, the
 * number of re-handlings before it; 0 the first) has keys of its own, so the new reply reaches every caller.
 */
export type CallerEvent = 'reply' | 'closed' | 'reopened';

function texts(event: CallerEvent, main: repo.OrderRow, orderNo: string): { kind: ApplicantMessageKind; title: Bilingual; body: Bilingual } {
  if (event === 'reply') {
    return {
      kind: 'workorder.replied',
      title: { zh: `您的诉求已答复（${orderNo}）`, en: `Your appeal has been answered (${orderNo})` },
      body: { zh: `关于“${main.topic}”：${main.reply ?? ''}`, en: `About "${main.topic}": ${main.reply ?? ''}` },
    };
  }
  if (event === 'reopened') {
    return {
      kind: 'workorder.reopened',
      title: { zh: `您的诉求正在重新办理（${orderNo}）`, en: `Your appeal is being handled again (${orderNo})` },
      body: {
        zh: `关于“${main.topic}”的诉求已退回承办部门重新办理，办理结果将再次告知您。`,
        en: `Your appeal about "${main.topic}" was sent back to the department to be handled again; you will be told the result.`,
      },
    };
  }
  return {
    kind: 'workorder.closed',
    title: { zh: `您的诉求已回访办结（${orderNo}）`, en: `Your appeal was called back and closed (${orderNo})` },
    body: {
      zh: `关于“${main.topic}”的诉求已完成回访并办结。如有意见，可致电12345。`,
      en: `Your appeal about "${main.topic}" was called back and closed. Call 12345 if anything remains.`,
    },
  };
}

export async function tellCallers(tx: Tx, main: repo.OrderRow, event: CallerEvent, actorId: string, at: Date, round = 0) {
  // The first round keeps the keys it always had (messages already sent before re-handling existed).
  const key = `workorder.${event}:${main.id}${round ? `:r${round}` : ''}`;
  const merged = await repo.mergedInto(tx, main.id);
  const messaged = new Set<string>();
  const texted = new Map<string, { orderId: string; orderNo: string; phoneMasked: string; queued: boolean }>();
  // Each caller once (callerKey: their account, or the number they gave): the same caller evaluates a round once too.
  const told = new Set<string>();
  for (const o of [main, ...merged]) {
    const caller = callerKey(o);
    if (told.has(caller)) continue;
    told.add(caller);
    const t = texts(event, main, o.order_no);
    if (o.caller_user_id) {
      messaged.add(o.caller_user_id);
      await messageApplicant(tx, {
        ...t, userId: o.caller_user_id, centerId: o.center_id, link: `/my/appeals/${o.id}`,
        dedupeKey: `${key}:${o.caller_user_id}`, at,
      });
    } else {
      const phone = callerPhone(o);
      const id = await smsToPhone(tx, { phone, title: t.title, body: t.body, dedupeKey: `${key}:sms:${phone}`, at });
      texted.set(phone, { orderId: o.id, orderNo: o.order_no, phoneMasked: maskPhone(phone), queued: id !== null });
    }
  }
  if (event === 'reply') {
    for (const m of merged) {
      await repo.insertEvent(tx, { orderId: m.id, action: 'main_replied', from: m.status, to: m.status, actorId, data: { mainId: main.id, mainOrderNo: main.order_no }, at });
    }
  }
  await repo.insertEvent(tx, {
    orderId: main.id, action: 'callers_told', from: main.status, to: main.status, actorId,
    data: { event, ...(round ? { round } : {}), messaged: messaged.size, sms: [...texted.values()] }, at,
  });
}

/** One reply reaches every caller (kept under its first name for the reply path). */
export const fanOutReply = (tx: Tx, main: repo.OrderRow, actorId: string, at: Date, round = 0) => tellCallers(tx, main, 'reply', actorId, at, round);
