import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { OPEN_STATES } from './transitions.ts';

type Q = Db | Tx;

/** A staff member by id, with the center that decides whether they may coordinate a case. */
export function findStaffMember(db: Q, id: string) {
  return db.selectFrom('users').select(['id', 'name', 'center_id']).where('id', '=', id).where('kind', '=', 'staff').executeTakeFirst();
}

/** The open parts of a joint case, locked: they are marked with their parent. */
export function lockOpenParts(tx: Tx, parentId: string) {
  return tx.selectFrom('cases').select(['id', 'green_coordinator_id']).where('parent_id', '=', parentId).where('kind', '=', 'part')
    .where('status', 'in', [...OPEN_STATES]).orderBy('id').forUpdate().execute();
}

/** Green-channel columns only: the case's status stays the transition table's. */
export async function setGreen(tx: Tx, ids: string[], g: { green: boolean; coordinatorId: string | null; reason: string | null; now: Date }) {
  if (ids.length === 0) return;
  await tx.updateTable('cases')
    .set({ green: g.green, green_coordinator_id: g.coordinatorId, green_reason: g.reason, updated_at: g.now, row_version: sql`row_version + 1` })
    .where('id', 'in', ids).execute();
}
