import { errors } from '../../lib/errors.ts';
import type { StaffActor } from '../../policies/index.ts';
import { ITEM_LEVELS, type ItemLevel } from './items.schemas.ts';

/**
 * A center defines items of its own level or below (issue 17, docs/network.md). Province and
 * national items are the basic items every lower center implements; if a county could create an
 * item at the province's level it would become a basic item itself and set the limits the province's
 * implementations are held to. The province's center also carries the national list's items (level
 * `national`, region part `00`), which no center above it keeps.
 */
export function assertLevelWithinCenter(actor: StaffActor, level: ItemLevel): void {
  const centerLevel = actor.centerRegion?.level;
  if (!centerLevel) return;
  const above = Number(ITEM_LEVELS[level]) < Number(ITEM_LEVELS[centerLevel]);
  if (above && !(level === 'national' && centerLevel === 'province')) {
    throw errors.ITEM_LEVEL_ABOVE_CENTER({ level, centerLevel, field: 'identity.level' });
  }
}
