import type { Db, Tx } from '../../db/database.ts';
import type { WhoActed } from './separation.ts';

type Q = Db | Tx;

/**
 * Who accepted and who reviewed a case, from its records: the last `case.accept` audit event of its
 * stream (a part's names the clerk who accepted its joint case) and its review rows.
 */
export async function whoActedOn(db: Q, caseId: string): Promise<WhoActed> {
  const [accepted, reviews] = await Promise.all([
    db.selectFrom('audit_events').select('actor_id').where('stream', '=', `case:${caseId}`).where('action', '=', 'case.accept')
      .orderBy('seq', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('case_reviews').select('by_user').where('case_id', '=', caseId).execute(),
  ]);
  return { acceptedBy: accepted?.actor_id ?? null, reviewedBy: [...new Set(reviews.map((r) => r.by_user))] };
}
