import type { Db, Tx } from '../../db/database.ts';
import * as repo from './cases.repository.ts';
import { undecidedSiblings } from './joint-prerequisites.repository.ts';
import { snapshotOf } from './joint-snapshot.ts';

/**
 * A part of a joint case waits for the parts its matter declares as its prerequisites (the food
 * business licence waits for the company's registration): while one of them is not decided, the part
 * cannot be decided (the transition table's guard PREREQUISITE_PENDING). Its clock runs from its
 * acceptance with the others; only the decision waits. A prerequisite denied or ended either ends the
 * part too or lets it go on, by the matter's rule (modules/joint/prerequisites.ts).
 */
export function prerequisiteItemsOf(parent: { matter: unknown }, itemId: string | null): string[] {
  return (snapshotOf(parent).prerequisites ?? []).filter((p) => p.itemId === itemId).map((p) => p.requires);
}

export async function prerequisitesPendingOf(db: Db | Tx, part: repo.CaseRow): Promise<number> {
  if (!part.parent_id) return 0;
  const parent = await repo.getCase(db, part.parent_id);
  if (!parent) return 0;
  return (await undecidedSiblings(db, parent.id, prerequisiteItemsOf(parent, part.item_id))).length;
}
