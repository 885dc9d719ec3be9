import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/** The messages module's SQL: what a message names of its case, the message centre, the preferences. */

/** What a message about a case names: its receipt number and item (a joint parent: its matter), where it goes. */
export async function caseFacts(tx: Tx, caseId: string) {
  return tx.selectFrom('cases as c')
    .leftJoin('items as i', 'i.id', 'c.item_id')
    .leftJoin('joint_matters as m', 'm.id', 'c.matter_id')
    .leftJoin('case_delivery_choices as ch', 'ch.case_id', 'c.id')
    .select([
      'c.id', 'c.kind', 'c.parent_id', 'c.applicant_id', 'c.center_id', 'c.receipt_no', 'c.item_id', 'c.item_version',
      sql<string | null>`coalesce(i.name, m.name)`.as('item_name'),
      sql<string | null>`coalesce(i.name_en, m.name_en, i.name, m.name)`.as('item_name_en'),
      sql<'pickup' | 'post' | 'cabinet' | null>`coalesce(c.delivery_method, ch.method)`.as('delivery_method'),
    ])
    .where('c.id', '=', caseId).executeTakeFirst();
}
export type CaseFacts = NonNullable<Awaited<ReturnType<typeof caseFacts>>>;

/** The names of an item version's materials by key (a supplement notice names them). */
export async function materialNames(tx: Tx, itemId: string | null, version: number | null): Promise<Map<string, string>> {
  if (!itemId || version === null) return new Map();
  const v = await tx.selectFrom('item_versions').select('content').where('item_id', '=', itemId).where('version', '=', version).executeTakeFirst();
  const materials = (v?.content as { materials?: Array<{ key: string; name: string }> } | undefined)?.materials ?? [];
  return new Map(materials.map((m) => [m.key, m.name]));
}

// ---- the message centre ------------------------------------------------------------------------------

const messageColumns = ['id', 'kind', 'case_id', 'title', 'body', 'link', 'created_at', 'read_at'] as const;

/** A person's messages, newest first, from before `beforeId` (the cursor): served by applicant_messages_by_user. */
export const listMessages = (db: Db, userId: string, beforeId: number | null, limit: number) => {
  let q = db.selectFrom('applicant_messages').select(messageColumns).where('user_id', '=', userId);
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
};

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const r = await db.selectFrom('applicant_messages').select((e) => e.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export const messageById = (db: Db, id: number) =>
  db.selectFrom('applicant_messages').select([...messageColumns, 'user_id']).where('id', '=', id).executeTakeFirst();

/** Marks one message read (a message read already keeps its first reading time). */
export const markRead = (db: Db, id: number, at: Date) =>
  db.updateTable('applicant_messages').set({ read_at: sql<Date>`coalesce(read_at, ${at})` }).where('id', '=', id)
    .returning(['read_at']).executeTakeFirstOrThrow();

export async function markAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const r = await db.updateTable('applicant_messages').set({ read_at: at })
    .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- preferences ---------------------------------------------------------------------------------------

export const preferencesOf = (db: Db | Tx, userId: string) =>
  db.selectFrom('message_preferences').select(['kind', 'sms']).where('user_id', '=', userId).orderBy('kind').execute();

export async function upsertPreferences(tx: Tx, userId: string, rows: Array<{ kind: string; sms: boolean }>, at: Date) {
  if (!rows.length) return;
  await tx.insertInto('message_preferences').values(rows.map((r) => ({ user_id: userId, kind: r.kind, sms: r.sms, updated_at: at })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((e) => ({ sms: e.ref('excluded.sms'), updated_at: e.ref('excluded.updated_at') }))).execute();
}

export const phoneOf = (db: Db | Tx, userId: string) =>
  db.selectFrom('users').select(['phone']).where('id', '=', userId).executeTakeFirst();

/** The person's row locked: preference changes of one person are serialised with their audit stream. */
export const lockUser = (tx: Tx, userId: string) => tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();

/** The kinds of message a person has received (a handful of values: one pass over their own rows). */
export async function kindsReceived(db: Db, userId: string): Promise<string[]> {
  const r = await db.selectFrom('applicant_messages').select('kind').distinct().where('user_id', '=', userId).execute();
  return r.map((x) => x.kind);
}
