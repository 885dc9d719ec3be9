import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

type Q = Db | Tx;

export const NATIONAL = 'CN';

export interface ChainLink {
  region: string;
  /** 0 = the region itself, 1 = its parent …; the national calendar comes last. */
  depth: number;
  version: number | null;
  token: string | null;
}

/**
 * The region, its ancestors and the national calendar, each with its version: one small query,
 * the only one a cached calendar costs. Empty when the region does not exist.
 */
export async function chainWithVersions(db: Q, region: string): Promise<ChainLink[]> {
  if (region === NATIONAL) {
    const v = await db.selectFrom('calendar_versions').select(['version', 'token']).where('region', '=', NATIONAL).executeTakeFirst();
    return [{ region: NATIONAL, depth: 0, version: v?.version ?? null, token: v?.token ?? null }];
  }
  const { rows } = await sql<{ region: string; depth: number; version: string | number | null; token: string | null }>`
    WITH RECURSIVE chain (code, parent_code, depth) AS (
      SELECT code, parent_code, 0 FROM regions WHERE code = ${region}
      UNION ALL
      SELECT r.code, r.parent_code, c.depth + 1 FROM regions r JOIN chain c ON r.code = c.parent_code WHERE c.depth < 20
    ), links AS (
      SELECT code AS region, depth FROM chain
      UNION ALL
      SELECT ${NATIONAL}, 1000 WHERE EXISTS (SELECT 1 FROM chain)
    )
    SELECT l.region, l.depth, v.version, v.token::text AS token
    FROM links l LEFT JOIN calendar_versions v ON v.region = l.region
    ORDER BY l.depth`.execute(db);
  return rows.map((r) => ({ region: r.region, depth: r.depth, version: r.version === null ? null : Number(r.version), token: r.token }));
}

export function listDays(db: Q, regions: string[]) {
  if (regions.length === 0) return Promise.resolve([]);
  return db.selectFrom('calendar_days').select(['region', 'day', 'kind', 'name']).where('region', 'in', regions).orderBy('day').execute();
}

export async function officialYears(db: Q): Promise<number[]> {
  return (await db.selectFrom('calendar_schedules').select('year').execute()).map((r) => r.year);
}

export function listSchedules(db: Q) {
  return db.selectFrom('calendar_schedules as s')
    .leftJoin('calendar_days as d', 'd.schedule_year', 's.year')
    .select(['s.year', 's.notice', 's.loaded_at'])
    .select((eb) => [
      eb.fn.count<number>('d.day').filterWhere('d.kind', '=', 'holiday').as('holidays'),
      eb.fn.count<number>('d.day').filterWhere('d.kind', '=', 'workday').as('workdays'),
    ])
    .groupBy(['s.year', 's.notice', 's.loaded_at'])
    .orderBy('s.year')
    .execute();
}

export function findSchedule(db: Q, year: number) {
  return db.selectFrom('calendar_schedules').selectAll().where('year', '=', year).executeTakeFirst();
}

export function findRegion(db: Q, code: string) {
  return db.selectFrom('regions').select(['code', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/**
 * Bumps the region's version (creating the row on its first change) and so takes the row lock
 * that serialises the region's writers and its audit stream. Returns the new version.
 */
export async function bumpVersion(tx: Tx, region: string, now: Date): Promise<number> {
  const row = await tx.insertInto('calendar_versions')
    .values({ region, version: 1, token: sql<string>`gen_random_uuid()`, changed_at: now })
    .onConflict((oc) => oc.column('region').doUpdateSet({
      version: sql<number>`calendar_versions.version + 1`, token: sql<string>`gen_random_uuid()`, changed_at: now,
    }))
    .returning('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

export function findDay(db: Q, region: string, day: string) {
  return db.selectFrom('calendar_days').select(['region', 'day', 'kind', 'name', 'name_en', 'schedule_year'])
    .where('region', '=', region).where('day', '=', day).executeTakeFirst();
}

export async function upsertLocalDay(tx: Tx, d: { region: string; day: string; kind: 'holiday' | 'workday'; name: string; nameEn: string | null; by: string | null; now: Date }) {
  await tx.insertInto('calendar_days')
    .values({ region: d.region, day: d.day, kind: d.kind, name: d.name, name_en: d.nameEn, schedule_year: null, created_at: d.now, created_by: d.by })
    .onConflict((oc) => oc.columns(['region', 'day']).doUpdateSet({ kind: d.kind, name: d.name, name_en: d.nameEn, created_at: d.now, created_by: d.by }))
    .execute();
}

export async function deleteDay(tx: Tx, region: string, day: string): Promise<boolean> {
  const r = await tx.deleteFrom('calendar_days').where('region', '=', region).where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** National days in the given dates that belong to another year's schedule. */
export function daysOfOtherSchedules(tx: Tx, year: number, days: string[]) {
  if (days.length === 0) return Promise.resolve([]);
  return tx.selectFrom('calendar_days').select(['day', 'schedule_year'])
    .where('region', '=', 'CN').where('day', 'in', days).where('schedule_year', '<>', year).execute();
}

/** Replaces the year's schedule and its days; returns how many days the earlier load had. */
export async function replaceSchedule(tx: Tx, s: {
  year: number; notice: string; sha256: string; by: string | null; now: Date;
  days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string; nameEn: string | null }>;
}): Promise<number> {
  const removed = await tx.deleteFrom('calendar_days').where('region', '=', 'CN').where('schedule_year', '=', s.year).executeTakeFirst();
  await tx.insertInto('calendar_schedules')
    .values({ year: s.year, notice: s.notice, content_sha256: s.sha256, loaded_at: s.now, loaded_by: s.by })
    .onConflict((oc) => oc.column('year').doUpdateSet({ notice: s.notice, content_sha256: s.sha256, loaded_at: s.now, loaded_by: s.by }))
    .execute();
  if (s.days.length) {
    await tx.insertInto('calendar_days').values(s.days.map((d) => ({
      region: 'CN', day: d.day, kind: d.kind, name: d.name, name_en: d.nameEn, schedule_year: s.year, created_at: s.now, created_by: s.by,
    }))).execute();
  }
  return Number(removed.numDeletedRows);
}

/** The region and every region below it (for a change of the national calendar: null, meaning all). */
export async function regionsUnder(db: Q, code: string): Promise<string[] | null> {
  if (code === NATIONAL) return null;
  const { rows } = await sql<{ code: string }>`
    WITH RECURSIVE below (code, depth) AS (
      SELECT code, 0 FROM regions WHERE code = ${code}
      UNION ALL
      SELECT r.code, b.depth + 1 FROM regions r JOIN below b ON r.parent_code = b.code WHERE b.depth < 20
    ) SELECT code FROM below ORDER BY depth, code`.execute(db);
  return rows.map((r) => r.code);
}
