import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { NotificationsTable } from '../../db/types.ts';

type Q = Db | Tx;

/** The staff of a center or a department holding a role: whom a notice goes to. */
export function staffWithRole(db: Q, role: string, scope: { centerId: string } | { departmentId: string }) {
  let q = db.selectFrom('users').select(['id', 'name']).where('kind', '=', 'staff').where(sql<boolean>`${role} = ANY(roles)`);
  q = 'centerId' in scope ? q.where('center_id', '=', scope.centerId) : q.where('department_id', '=', scope.departmentId);
  return q.execute();
}

export async function insertNotifications(tx: Tx, rows: Array<Insertable<NotificationsTable>>) {
  if (rows.length) await tx.insertInto('notifications').values(rows).execute();
}
