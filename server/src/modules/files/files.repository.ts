import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import type { CaseScopeFilter } from '../../policies/index.ts';

export function insertFile(db: Db | Tx, f: { sha256: string; name: string; mime: string; size: number; storageKey: string; public: boolean; centerId: string | null; uploadedBy: string | null; ownerId?: string | null }) {
  return db
    .insertInto('files')
    .values({ sha256: f.sha256, name: f.name, mime: f.mime, size: f.size, storage_key: f.storageKey, public: f.public, center_id: f.centerId, uploaded_by: f.uploadedBy, owner_id: f.ownerId ?? null })
    .returning(['id', 'name', 'mime', 'size'])
    .executeTakeFirstOrThrow();
}

export function findFile(db: Db, id: string) {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

// One statement for any number of files (an array parameter, not a list), built and compiled once (db/prepared.ts).
const filesByIds = prepared((db, p: { ids: string[] }) => db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'center_id', 'owner_id'])
  .where(sql<boolean>`id = ANY(${p.ids}::uuid[])`));

export function findFilesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return filesByIds(db, { ids }).then((r) => r.rows);
}

/** Whether a file is a material of a case in the staff member's case scope (policies/case.policy.ts `caseScopeFilter`). */
export async function fileInStaffScope(db: Db, fileId: string, scope: CaseScopeFilter) {
  const dept = scope.departmentId;
  const q = db.selectFrom('case_materials as m').innerJoin('cases as c', 'c.id', 'm.case_id')
    .select('m.case_id').where('m.file_id', '=', fileId)
    .where((eb) => {
      // A department also sees the materials of a joint case it takes part in (to pre-review it before acceptance).
      const own = eb.and([
        eb('c.center_id', '=', scope.centerId),
        ...(dept ? [sql<boolean>`(c.department_id = ${dept} OR (c.kind = 'joint' AND c.matter -> 'items' @> ${JSON.stringify([{ departmentId: dept }])}::jsonb))`] : []),
      ]);
      const below = scope.below;
      return below ? eb.or([own, eb.and([eb('c.region_code', 'like', `${below.prefix}%`), eb('c.region_code', '<>', below.except)])]) : own;
    });
  return !!(await q.limit(1).executeTakeFirst());
}
