import type { Db, Tx } from '../../db/database.ts';

/**
 * Issue 12: whether an approval of the item issues an e-licence (an active licence type of the library
 * is linked to it). Read from the shared table, so the case lifecycle needs no import of the
 * e-licence module: the handover leads to `issuing`, and the e-licence module reacts to the event.
 */
export async function itemIssuesLicence(db: Db | Tx, itemId: string): Promise<boolean> {
  const row = await db.selectFrom('item_licence_types as il').innerJoin('licence_types as t', 't.id', 'il.licence_type_id')
    .select('il.item_id').where('il.item_id', '=', itemId).where('t.status', '=', 'active').limit(1).executeTakeFirst();
  return !!row;
}
