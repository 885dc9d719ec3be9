import type { Insertable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { ApplicantMessagesTable } from '../../db/types.ts';

/** Inserts one message unless its event already has one; the id of the new row, or null. */
export async function insertMessage(tx: Tx, row: Insertable<ApplicantMessagesTable>): Promise<number | null> {
  const r = await tx.insertInto('applicant_messages').values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}
