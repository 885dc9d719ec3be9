import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/** All SQL of the consuming systems, their keys, the per-key rate window and the subscriptions (docs/open-api.md). */

export async function insertClient(tx: Tx, c: { center_id: string; name: string; contact: string; created_by: string; created_at: Date }) {
  return tx.insertInto('api_clients').values(c).returning(['id']).executeTakeFirstOrThrow();
}

export async function findClient(db: Db | Tx, id: string, lock = false) {
  let q = db.selectFrom('api_clients').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listClients(db: Db, centerId: string, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    db.selectFrom('api_clients').selectAll().where('center_id', '=', centerId)
      .orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    db.selectFrom('api_clients').select((e) => e.fn.countAll<string>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function revokeClient(tx: Tx, id: string, by: string, at: Date) {
  await tx.updateTable('api_clients').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  await tx.updateTable('api_keys').set({ revoked_at: at, revoked_by: by }).where('client_id', '=', id).where('revoked_at', 'is', null).execute();
  await tx.updateTable('event_subscriptions').set({ revoked_at: at }).where('client_id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function insertKey(tx: Tx, k: { client_id: string; key_id: string; key_hash: Buffer; scopes: string[]; rate_per_minute: number; created_by: string; created_at: Date }) {
  return tx.insertInto('api_keys').values(k).returning(['id']).executeTakeFirstOrThrow();
}

export async function keysOfClients(db: Db, clientIds: string[]) {
  if (clientIds.length === 0) return [];
  return db.selectFrom('api_keys').select(['id', 'client_id', 'key_id', 'scopes', 'rate_per_minute', 'created_at', 'revoked_at', 'last_used_at'])
    .where('client_id', 'in', clientIds).orderBy('created_at', 'desc').execute();
}

export async function findKeyForClient(tx: Tx, clientId: string, id: string) {
  return tx.selectFrom('api_keys').selectAll().where('client_id', '=', clientId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function revokeKey(tx: Tx, id: string, by: string, at: Date) {
  await tx.updateTable('api_keys').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** The key with its system, by its public key id (an API call's authentication). */
export async function keyByKeyId(db: Db, keyId: string) {
  return db.selectFrom('api_keys').innerJoin('api_clients as c', 'c.id', 'api_keys.client_id')
    .select(['api_keys.id', 'api_keys.key_hash', 'api_keys.scopes', 'api_keys.rate_per_minute', 'api_keys.revoked_at', 'api_keys.client_id',
      'c.center_id', 'c.revoked_at as client_revoked_at'])
    .where('api_keys.key_id', '=', keyId).executeTakeFirst();
}

/**
 * Counts one call in the key's current fixed window (one row per key, shared by every instance) and
 * answers the count so far, this call included. The row lock serialises one key's calls only.
 */
export async function countCall(db: Db, keyId: string, windowStart: Date): Promise<number> {
  const r = await sql<{ count: number }>`
    INSERT INTO api_key_windows (key_id, window_start, count) VALUES (${keyId}, ${windowStart}, 1)
    ON CONFLICT (key_id) DO UPDATE SET
      count = CASE WHEN api_key_windows.window_start = EXCLUDED.window_start THEN api_key_windows.count + 1 ELSE 1 END,
      window_start = EXCLUDED.window_start
    RETURNING count`.execute(db);
  return r.rows[0]!.count;
}

export async function touchKey(db: Db, id: string, at: Date) {
  // At most once a minute per key, so a busy key does not write its row on every call.
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id)
    .where((e) => e.or([e('last_used_at', 'is', null), e('last_used_at', '<', new Date(at.getTime() - 60_000))])).execute();
}

// ---- subscriptions

/** The signing secret arrives encrypted (secret-box.ts, bound to the id given here); the clear column stays NULL. */
export async function insertSubscription(tx: Tx, s: { id: string; client_id: string; center_id: string; url: string; event_types: string[]; secret_enc: string; created_by: string; created_at: Date }) {
  return tx.insertInto('event_subscriptions').values(s).returning(['id']).executeTakeFirstOrThrow();
}

export async function subscriptionsOfClients(db: Db, clientIds: string[]) {
  if (clientIds.length === 0) return [];
  return db.selectFrom('event_subscriptions').select(['id', 'client_id', 'url', 'event_types', 'created_at', 'revoked_at', 'paused_at'])
    .where('client_id', 'in', clientIds).orderBy('created_at', 'desc').execute();
}

export async function findSubscription(db: Db | Tx, id: string) {
  return db.selectFrom('event_subscriptions').select(['id', 'client_id', 'center_id', 'url', 'event_types', 'created_at', 'revoked_at', 'paused_at'])
    .where('id', '=', id).executeTakeFirst();
}

/** Pauses (at) or resumes (null) a live subscription; answers whether it changed. */
export async function setPaused(tx: Tx, id: string, at: Date | null): Promise<boolean> {
  const r = await tx.updateTable('event_subscriptions').set({ paused_at: at }).where('id', '=', id).where('revoked_at', 'is', null)
    .where('paused_at', at ? 'is' : 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- signing secrets still in clear (written before migration 0048; secret-box.ts encrypts them)

export async function subscriptionsWithClearSecret(db: Db): Promise<string[]> {
  return (await db.selectFrom('event_subscriptions').select('id').where('secret', 'is not', null).execute()).map((r) => r.id);
}

export async function clearSecretLocked(tx: Tx, id: string) {
  return tx.selectFrom('event_subscriptions').select(['id', 'secret']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setSecretEncrypted(tx: Tx, id: string, record: string) {
  await tx.updateTable('event_subscriptions').set({ secret_enc: record, secret: null }).where('id', '=', id).execute();
}

export async function revokeSubscription(tx: Tx, id: string, at: Date) {
  await tx.updateTable('event_subscriptions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** The live subscriptions of a center with the event types each wants (index event_subscriptions_center). */
export async function centerSubscriptions(db: Tx, centerId: string) {
  return db.selectFrom('event_subscriptions').select(['id', 'event_types'])
    .where('center_id', '=', centerId).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute();
}

/** The live subscriptions of a center that want this event type (the case's transaction; index event_subscriptions_center). */
export async function liveSubscriptions(tx: Tx, centerId: string, eventType: string) {
  return tx.selectFrom('event_subscriptions').select(['id'])
    .where('center_id', '=', centerId).where('revoked_at', 'is', null)
    .where(sql<boolean>`${eventType} = ANY(event_types)`).execute();
}
