import type { ExpertDrawStatus } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';

/**
 * The draw's lifecycle, the only writer of `expert_draws.status` (through repository.moveDraw).
 * A draw is born `committed` (its commitment published, the seed not yet known); the seed makes it
 * `drawn`; a draw is `cancelled` when it cannot seat a committee (reserves exhausted) or the tender
 * ends, and a new draw with a new commitment is then needed.
 */
export const DRAW_INITIAL: ExpertDrawStatus = 'committed';
export type DrawAction = 'draw' | 'cancel';

export const DRAW_TRANSITIONS: ReadonlyArray<{ from: readonly ExpertDrawStatus[]; action: DrawAction; to: ExpertDrawStatus }> = [
  { from: ['committed'], action: 'draw', to: 'drawn' },
  { from: ['committed', 'drawn'], action: 'cancel', to: 'cancelled' },
];

export function drawRow(from: ExpertDrawStatus, action: DrawAction) {
  const row = DRAW_TRANSITIONS.find((r) => r.action === action && r.from.includes(from));
  if (!row) throw errors.DRAW_STATE({ status: from });
  return row;
}
