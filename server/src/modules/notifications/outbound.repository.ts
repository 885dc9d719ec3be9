import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { OutboundMessagesTable, SimSmsMessagesTable } from '../../db/types.ts';

/** The outbound copies of applicant messages (0030) and the simulated SMS gateway's tables: all their SQL. */

/**
 * Where an SMS of this kind goes for this person, or null: their phone, unless their preference for the
 * kind (or, without one, for its group: the part before the first dot) says no. No preference: yes.
 */
export async function smsRecipient(tx: Tx, userId: string, kind: string): Promise<string | null> {
  const group = kind.split('.')[0]!;
  const r = await tx.selectFrom('users as u')
    .select((e) => ['u.phone', e.selectFrom('message_preferences as p').select('p.sms')
      .whereRef('p.user_id', '=', 'u.id').where('p.kind', 'in', [kind, group])
      // The kind's own row before its group's.
      .orderBy(sql`p.kind = ${kind}`, 'desc').limit(1).as('sms')])
    .where('u.id', '=', userId).executeTakeFirst();
  if (!r || !r.phone || r.sms === false) return null;
  return r.phone;
}

export async function insertOutbound(tx: Tx, row: Insertable<OutboundMessagesTable>): Promise<number | null> {
  const r = await tx.insertInto('outbound_messages').values(row)
    .onConflict((oc) => oc.columns(['message_id', 'channel']).doNothing()).returning('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** An SMS to a phone without an account (0047): once per `dedupe_key`; null when the key was sent before. */
export async function insertPhoneOutbound(tx: Tx, row: Insertable<OutboundMessagesTable> & { dedupe_key: string }): Promise<number | null> {
  const r = await tx.insertInto('outbound_messages').values({ ...row, message_id: null })
    .onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** The row if it is still to send and no one else is sending it now (held until the caller's transaction ends). */
export const lockPending = (tx: Tx, id: number) =>
  tx.selectFrom('outbound_messages').selectAll().where('id', '=', id).where('status', '=', 'pending')
    .forUpdate().skipLocked().executeTakeFirst();

export const markSent = (tx: Tx, id: number, providerId: string, at: Date) =>
  tx.updateTable('outbound_messages').set((e) => ({ status: 'sent', provider_id: providerId, sent_at: at, attempts: e('attempts', '+', 1), last_error: null }))
    .where('id', '=', id).where('status', '=', 'pending').execute();

export const markFailedAttempt = (tx: Tx, id: number, error: string, final: boolean) =>
  tx.updateTable('outbound_messages').set((e) => ({ attempts: e('attempts', '+', 1), last_error: error.slice(0, 500), ...(final ? { status: 'failed' as const } : {}) }))
    .where('id', '=', id).where('status', '=', 'pending').execute();

export const outboundOfMessage = (db: Db | Tx, messageId: number) =>
  db.selectFrom('outbound_messages').selectAll().where('message_id', '=', messageId).execute();

// ---- the simulated SMS gateway's own tables ----------------------------------------------------------

/** The fault to play for this number now, counting it down (and clearing it at zero). */
export async function takeSimSmsFault(tx: Tx, phone: string): Promise<'timeout' | 'lost_answer' | 'fail' | null> {
  const f = await tx.selectFrom('sim_sms_faults').selectAll().where('phone', '=', phone).forUpdate().executeTakeFirst();
  if (!f) return null;
  if (f.remaining !== null) {
    if (f.remaining <= 1) await tx.deleteFrom('sim_sms_faults').where('phone', '=', phone).execute();
    else await tx.updateTable('sim_sms_faults').set({ remaining: f.remaining - 1 }).where('phone', '=', phone).execute();
    if (f.remaining === 0) return null;
  }
  return f.fault;
}

export async function setSimSmsFault(db: Db, phone: string, fault: 'timeout' | 'lost_answer' | 'fail' | null, times: number | null) {
  if (!fault) {
    await db.deleteFrom('sim_sms_faults').where('phone', '=', phone).execute();
    return;
  }
  await db.insertInto('sim_sms_faults').values({ phone, fault, remaining: times })
    .onConflict((oc) => oc.column('phone').doUpdateSet({ fault, remaining: times })).execute();
}

/** Records an SMS unless our reference has one already; the gateway's id for it either way. */
export async function recordSimSms(db: Db, row: Insertable<SimSmsMessagesTable>): Promise<string> {
  await db.insertInto('sim_sms_messages').values(row).onConflict((oc) => oc.column('client_ref').doNothing()).execute();
  const r = await db.selectFrom('sim_sms_messages').select('provider_id').where('client_ref', '=', row.client_ref).executeTakeFirstOrThrow();
  return r.provider_id;
}
