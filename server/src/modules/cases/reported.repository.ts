import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { OPEN_STATES } from './transitions.ts';

type Q = Db | Tx;

/**
 * The upper case gets the lower case's material rows with the same files: the files are stored
 * once, and a row in case_materials is what lets the upper department's staff read them.
 */
export async function copyMaterials(tx: Tx, fromCaseId: string, toCaseId: string, now: Date) {
  await tx.insertInto('case_materials')
    .columns(['case_id', 'material_key', 'file_id', 'round', 'created_at'])
    .expression((eb) => eb.selectFrom('case_materials')
      .select([sql<string>`${toCaseId}::uuid`.as('case_id'), 'material_key', 'file_id', sql<number>`0`.as('round'), sql<Date>`${now}::timestamptz`.as('created_at')])
      .where('case_id', '=', fromCaseId))
    .onConflict((oc) => oc.doNothing()).execute();
}

/** The upper case of a reported case that is still open (at most one: its idempotency key is per lower case). */
export function findOpenUpper(db: Q, lowerId: string) {
  return db.selectFrom('cases').select('id').where('parent_id', '=', lowerId).where('kind', '=', 'upper')
    .where('status', 'in', [...OPEN_STATES]).executeTakeFirst();
}

const levelColumns = [
  'c.id', 'c.kind', 'c.parent_id', 'c.region_code', 'c.accepted_date', 'c.forwarded_at', 'c.decided_at', 'c.result_returned_at',
  'c.promised_days', 'c.extension_days', 'c.suspended_workdays', 'ce.name as center_name', 'd.name as department_name',
] as const;

const withOrgNames = (db: Q) => db.selectFrom('cases as c')
  .innerJoin('centers as ce', 'ce.id', 'c.center_id').innerJoin('departments as d', 'd.id', 'c.department_id');

export type LevelRow = Awaited<ReturnType<typeof findLevelCase>> & {};

export function findLevelCase(db: Q, id: string) {
  return withOrgNames(db).select(levelColumns).where('c.id', '=', id).executeTakeFirst();
}

/** The latest upper case of a lower one (a forward after a terminated upper case would make a second). */
export function findUpperOf(db: Q, lowerId: string) {
  return withOrgNames(db).select(levelColumns).where('c.parent_id', '=', lowerId).where('c.kind', '=', 'upper')
    .orderBy('c.created_at', 'desc').orderBy('c.id').limit(1).executeTakeFirst();
}

/** The latest upper case of a lower one waits for a supplement: the lower case was sent back down for it. */
export async function returnedFromAbove(db: Q, lowerId: string) {
  return (await latestUpper(db, lowerId))?.status === 'supplement_requested';
}

/** The level above has decided a forwarded case and not yet handed the result back down. */
export async function decidedAbove(db: Q, lowerId: string) {
  const upper = await latestUpper(db, lowerId);
  return upper !== undefined && upper.decision !== null && OPEN_STATES.includes(upper.status as (typeof OPEN_STATES)[number]);
}

/** The id, status and decision of the latest upper case of a lower one. */
export function latestUpper(db: Q, lowerId: string) {
  return db.selectFrom('cases').select(['id', 'status', 'decision']).where('parent_id', '=', lowerId).where('kind', '=', 'upper')
    .orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
}
