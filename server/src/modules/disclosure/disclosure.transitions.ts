import type { Tx } from '../../db/database.ts';
import type { DisclosureRequestStatus } from '../../db/types.ts';
import { errors, FORBIDDEN } from '../../lib/errors.ts';
import type { DisclosureSide } from '../../policies/disclosure.policy.ts';
import * as repo from './disclosure.repository.ts';

/**
 * The lifecycle of a request for disclosure (依申请公开, 政府信息公开条例 第二十九条 to 第三十六条, docs/disclosure.md):
 * received → replied (公开, 部分公开, 不予公开, 信息不存在, 非本机关); received → correction_requested (补正: the
 * clock stops) → received again on the requester's correction (the clock restarts from that day, 第三十条);
 * received → extension_pending (the officer asks) → received, extended, once the head approves (第三十三条),
 * or as it was when the head refuses; received → consulting (a third party is asked, 第三十二条: the clock stops) →
 * received on its answer or its silence (the clock resumes with the working days left, 第三十三条); the requester
 * may withdraw an open request.
 * This table is the only writer of `disclosure_requests.status` (`repo.moveRequest` is called from here only);
 * `who` names the sides that may take the action (policies/disclosure.policy.ts `disclosureSidesOn`).
 */
export type DisclosureVerb = 'reply' | 'request_correction' | 'correct' | 'request_extension' | 'approve_extension' | 'reject_extension'
  | 'consult_third_party' | 'record_opinion' | 'withdraw';

export interface DisclosureRow { from: DisclosureRequestStatus; action: DisclosureVerb; to: DisclosureRequestStatus; who: readonly DisclosureSide[] }

export const INITIAL_DISCLOSURE_STATE: DisclosureRequestStatus = 'received';
/** The states in which the center owes an answer: the clock runs. */
export const CLOCKED_DISCLOSURE_STATES = ['received', 'extension_pending'] as const satisfies readonly DisclosureRequestStatus[];

export const DISCLOSURE_TRANSITIONS: readonly DisclosureRow[] = [
  { from: 'received', action: 'reply', to: 'replied', who: ['officer'] },
  { from: 'received', action: 'request_correction', to: 'correction_requested', who: ['officer'] },
  { from: 'correction_requested', action: 'correct', to: 'received', who: ['requester'] },
  { from: 'received', action: 'request_extension', to: 'extension_pending', who: ['officer'] },
  { from: 'extension_pending', action: 'approve_extension', to: 'received', who: ['head'] },
  { from: 'extension_pending', action: 'reject_extension', to: 'received', who: ['head'] },
  { from: 'received', action: 'consult_third_party', to: 'consulting', who: ['officer'] },
  { from: 'consulting', action: 'record_opinion', to: 'received', who: ['officer'] },
  { from: 'received', action: 'withdraw', to: 'withdrawn', who: ['requester'] },
  { from: 'extension_pending', action: 'withdraw', to: 'withdrawn', who: ['requester'] },
  { from: 'correction_requested', action: 'withdraw', to: 'withdrawn', who: ['requester'] },
  { from: 'consulting', action: 'withdraw', to: 'withdrawn', who: ['requester'] },
];

/**
 * The row for `action` from `from` taken by one of `sides`. A side that never takes the action is refused
 * (403); a side that may take it, but not from this state, gets DISCLOSURE_STATE (409).
 */
export function disclosureRow(from: DisclosureRequestStatus, action: DisclosureVerb, sides: readonly DisclosureSide[]): DisclosureRow {
  const mine = DISCLOSURE_TRANSITIONS.filter((r) => r.action === action && r.who.some((w) => sides.includes(w)));
  if (!mine.length) throw FORBIDDEN();
  const row = mine.find((r) => r.from === from);
  if (!row) throw errors.DISCLOSURE_STATE({ action, status: from });
  return row;
}

/** The actions one of `sides` may take from `from` (for the detail view's buttons). */
export const actionsFor = (from: DisclosureRequestStatus, sides: readonly DisclosureSide[]): DisclosureVerb[] =>
  DISCLOSURE_TRANSITIONS.filter((r) => r.from === from && r.who.some((w) => sides.includes(w))).map((r) => r.action);

/** Moves a locked request by one row of the table; `fields` are the action's own columns. */
export async function moveRequest(tx: Tx, req: { id: string; status: DisclosureRequestStatus }, row: DisclosureRow, fields: repo.RequestFields, at: Date) {
  if (row.from !== req.status) throw errors.DISCLOSURE_STATE({ action: row.action, status: req.status });
  return repo.moveRequest(tx, req.id, row.from, row.to, fields, at);
}
