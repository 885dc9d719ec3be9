import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/** Wrong query codes per receipt number (table progress_attempts, migration 0017). */
export function findProgressAttempts(db: Db, receiptNo: string) {
  return db.selectFrom('progress_attempts').selectAll().where('receipt_no', '=', receiptNo).executeTakeFirst();
}

/**
 * Counts a wrong code for `receiptNo` (known or not: a lock that only known numbers get would tell
 * which numbers exist). A count whose last failure is older than the window starts again. Rows
 * with neither a live lock nor a recent failure are pruned here, so the table stays small.
 */
export async function recordProgressFailure(db: Db, f: { receiptNo: string; now: Date; max: number; lockUntil: Date; windowStart: Date }) {
  await db.transaction().execute(async (tx) => {
    await sql`
      INSERT INTO progress_attempts (receipt_no, failures, locked_until, last_failure_at)
      VALUES (${f.receiptNo}, 1, ${f.max <= 1 ? f.lockUntil : null}, ${f.now})
      ON CONFLICT (receipt_no) DO UPDATE SET
        failures = CASE WHEN progress_attempts.last_failure_at < ${f.windowStart} AND (progress_attempts.locked_until IS NULL OR progress_attempts.locked_until <= ${f.now})
                        THEN 1 ELSE progress_attempts.failures + 1 END,
        locked_until = CASE
          WHEN progress_attempts.locked_until > ${f.now} THEN progress_attempts.locked_until
          WHEN (CASE WHEN progress_attempts.last_failure_at < ${f.windowStart} THEN 1 ELSE progress_attempts.failures + 1 END) >= ${f.max} THEN ${f.lockUntil}::timestamptz
          ELSE NULL END,
        last_failure_at = ${f.now}`.execute(tx);
    await tx.deleteFrom('progress_attempts')
      .where('last_failure_at', '<', f.windowStart)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', f.now)]))
      .execute();
  });
}

/** The right code: the count for this number starts again. */
export async function clearProgressFailures(db: Db, receiptNo: string) {
  await db.deleteFrom('progress_attempts').where('receipt_no', '=', receiptNo).execute();
}

export async function receiptNoTaken(tx: Tx, receiptNo: string): Promise<boolean> {
  return !!(await tx.selectFrom('cases').select('id').where('receipt_no', '=', receiptNo).executeTakeFirst());
}
