import type { Db, Tx } from '../../db/database.ts';
import { CLOCK_STATES, INITIAL_STATE } from './transitions.ts';

/** The sibling parts (same joint case) of these items that are not decided yet (index cases_children). */
export async function undecidedSiblings(db: Db | Tx, parentId: string, itemIds: string[]) {
  if (!itemIds.length) return [];
  return db.selectFrom('cases').select(['id', 'item_id', 'status']).where('parent_id', '=', parentId).where('kind', '=', 'part')
    .where('item_id', 'in', itemIds).where('status', 'in', [INITIAL_STATE, ...CLOCK_STATES]).execute();
}

/** The parts of a joint case of these items, with what became of them. */
export function partsOfItems(db: Db | Tx, parentId: string, itemIds: string[]) {
  return db.selectFrom('cases').select(['id', 'item_id', 'status', 'receipt_no', 'decision']).where('parent_id', '=', parentId).where('kind', '=', 'part')
    .where('item_id', 'in', itemIds).orderBy('created_at').orderBy('id').execute();
}
