import type { Db, Tx } from '../../db/database.ts';

type Q = Db | Tx;

export async function findPreferences(db: Q, userId: string): Promise<{ elder_mode: boolean } | undefined> {
  return db.selectFrom('user_preferences').select(['elder_mode']).where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertPreferences(db: Q, userId: string, values: { elder_mode: boolean }, at: Date): Promise<void> {
  await db.insertInto('user_preferences')
    .values({ user_id: userId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}
