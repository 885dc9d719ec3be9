import type { Db, Tx } from '../../db/database.ts';

export function insertFile(db: Db | Tx, f: { sha256: string; name: string; mime: string; size: number; storageKey: string; public: boolean; centerId: string | null; uploadedBy: string | null }) {
  return db
    .insertInto('files')
    .values({ sha256: f.sha256, name: f.name, mime: f.mime, size: f.size, storage_key: f.storageKey, public: f.public, center_id: f.centerId, uploaded_by: f.uploadedBy })
    .returning(['id', 'name', 'mime', 'size'])
    .executeTakeFirstOrThrow();
}

export function findFile(db: Db, id: string) {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFilesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'center_id']).where('id', 'in', ids).execute();
}
