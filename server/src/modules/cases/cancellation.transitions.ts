/**
 * Cancellation (注销) of a licence after its decision: a procedure of its own, with its own small
 * lifecycle. The holder requests; the chief of the case's department cancels the licence or refuses.
 * This table is the only writer of a cancellation request's status (cancellation.repository.ts
 * `moveRequest` is called only from `cancellation.service.ts` after `checkCancellation`).
 */
export const CANCELLATION_STATES = ['requested', 'cancelled', 'refused'] as const;
export type CancellationState = (typeof CANCELLATION_STATES)[number];
export type CancellationAction = 'grant' | 'refuse';

export interface CancellationTransition { action: CancellationAction; from: readonly CancellationState[]; to: CancellationState; who: 'chief' }

/** A request is born `requested` (by the holder); only these rows move it on. */
export const CANCELLATION_INITIAL: CancellationState = 'requested';
export const CANCELLATION_TRANSITIONS: readonly CancellationTransition[] = [
  { action: 'grant', from: ['requested'], to: 'cancelled', who: 'chief' },
  { action: 'refuse', from: ['requested'], to: 'refused', who: 'chief' },
];

export function checkCancellation(action: CancellationAction, status: CancellationState): { ok: true; to: CancellationState } | { ok: false } {
  const t = CANCELLATION_TRANSITIONS.find((x) => x.action === action);
  return t && t.from.includes(status) ? { ok: true, to: t.to } : { ok: false };
}
