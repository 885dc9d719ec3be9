import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { CaseHandoffsTable } from '../../db/types.ts';
import { atWindowCenter } from './cases.repository.ts';

type Q = Db | Tx;
export type HandoffDirection = CaseHandoffsTable['direction'];

/** The recorded hand-overs of a case between the hall and its department's office, in order. */
export function listHandoffs(db: Q, caseId: string) {
  return db.selectFrom('case_handoffs as h').leftJoin('users as u', 'u.id', 'h.handed_by')
    .select(['h.direction', 'h.started_date', 'h.limit_days', 'h.due_date', 'h.handed_at', 'h.handed_date', 'h.materials', 'h.note', 'u.name as handed_by_name'])
    .where('h.case_id', '=', caseId).orderBy('h.handed_at').execute();
}

export async function hasHandoff(db: Q, caseId: string, direction: HandoffDirection): Promise<boolean> {
  const r = await db.selectFrom('case_handoffs').select('case_id').where('case_id', '=', caseId).where('direction', '=', direction).executeTakeFirst();
  return r !== undefined;
}

export async function insertHandoff(tx: Tx, h: {
  caseId: string; direction: HandoffDirection; startedDate: string; limitDays: number; dueDate: string;
  handedAt: Date; handedDate: string; handedBy: string; materials: Array<{ key: string; name: string; files: number }>; note: string;
}) {
  await tx.insertInto('case_handoffs').values({
    case_id: h.caseId, direction: h.direction, started_date: h.startedDate, limit_days: h.limitDays, due_date: h.dueDate,
    handed_at: h.handedAt, handed_date: h.handedDate, handed_by: h.handedBy, materials: JSON.stringify(h.materials), note: h.note,
  }).execute();
}

/** The center's hand-over limits (used when the item names none). */
export function centerHandoffDays(db: Q, centerId: string) {
  return db.selectFrom('centers').select(['handoff_to_department_days', 'handoff_to_hall_days']).where('id', '=', centerId).executeTakeFirstOrThrow();
}

/**
 * The delivery window's "coming" list: the center's cases decided in a department and not yet at the
 * window (decided, awaiting payment), oldest decision first, on the index cases_coming_window. Parts of a
 * joint case come with their parent; an upper-level case returns to its lower case, which is listed.
 */
export async function listComing(db: Db, f: { centerId: string; departmentIds: string[] | null; limit: number; offset: number }) {
  // 通办: the delivery window of the center chosen for collection sees what is coming to it.
  let q = db.selectFrom('cases as c').where(atWindowCenter('c.delivery_center_id', f.centerId)).where('c.status', 'in', ['decided', 'awaiting_payment'])
    .where('c.kind', 'in', ['single', 'joint']);
  if (f.departmentIds) q = q.where('c.department_id', 'in', f.departmentIds.length ? f.departmentIds : ['00000000-0000-0000-0000-000000000000']);
  const page = db.with('page', () => q.select(['c.id']).orderBy('c.green', 'desc').orderBy('c.decided_at').orderBy('c.id').limit(f.limit).offset(f.offset))
    .selectFrom('page as p').innerJoin('cases as c', 'c.id', 'p.id')
    .leftJoin('item_versions as v', (j) => j.onRef('v.item_id', '=', 'c.item_id').onRef('v.version', '=', 'c.item_version'))
    .select(['c.id', 'c.status', 'c.kind', 'c.decided_at', 'c.region_code', 'c.decision',
      sql<boolean>`coalesce(v.content ? 'handledInDepartment', false)`.as('in_department'),
      sql<number>`(SELECT count(*) FROM cases k WHERE k.parent_id = c.id AND k.kind = 'part' AND k.status IN ('accepted', 'in_review', 'decided', 'awaiting_payment'))::int`.as('parts_pending'),
    ])
    .orderBy('c.green', 'desc').orderBy('c.decided_at').orderBy('c.id');
  const [rows, count] = await Promise.all([page.execute(), q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  return { rows, total: Number(count.n) };
}
