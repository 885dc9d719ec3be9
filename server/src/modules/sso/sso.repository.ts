import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

type Q = Db | Tx;

// ---------------------------------------------------------------- registered clients

export interface ClientRow {
  id: string; client_id: string; center_id: string; name: string; secret_hash: string | null;
  redirect_uris: string[]; scopes: string[]; created_at: Date; revoked_at: Date | null; backchannel_logout_uri: string | null;
}
const CLIENT_COLUMNS = ['id', 'client_id', 'center_id', 'name', 'secret_hash', 'redirect_uris', 'scopes', 'created_at', 'revoked_at', 'backchannel_logout_uri'] as const;

export async function insertClient(tx: Q, row: {
  client_id: string; center_id: string; name: string; secret_hash: string | null; redirect_uris: string[]; scopes: string[]; created_by: string; created_at: Date;
  backchannel_logout_uri: string | null;
}): Promise<ClientRow> {
  return tx.insertInto('oidc_clients').values(row).returning(CLIENT_COLUMNS).executeTakeFirstOrThrow();
}

/** The client the provider may use: registered and not revoked. */
export async function findActiveClient(db: Q, clientId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('oidc_clients').select(CLIENT_COLUMNS).where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function findClient(db: Q, id: string): Promise<ClientRow | undefined> {
  return db.selectFrom('oidc_clients').select(CLIENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A client by its client_id, revoked or not. */
export async function findClientByClientId(db: Q, clientId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('oidc_clients').select(CLIENT_COLUMNS).where('client_id', '=', clientId).executeTakeFirst();
}

export async function findClientForUpdate(tx: Tx, id: string): Promise<ClientRow | undefined> {
  return tx.selectFrom('oidc_clients').select(CLIENT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** One page of a center's clients, newest first, on (center_id, created_at, id). */
export async function listClients(db: Q, centerId: string, page: { limit: number; offset: number }): Promise<{ rows: ClientRow[]; total: number }> {
  const rows = await db.selectFrom('oidc_clients').select(CLIENT_COLUMNS).where('center_id', '=', centerId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { n } = await db.selectFrom('oidc_clients').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function setBackchannelUri(tx: Tx, id: string, uri: string | null): Promise<void> {
  await tx.updateTable('oidc_clients').set({ backchannel_logout_uri: uri }).where('id', '=', id).execute();
}

export async function revokeClient(tx: Tx, id: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('oidc_clients').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- oidc-provider's artefacts

export interface PayloadRow { payload: Record<string, unknown>; expires_at: Date | null; consumed_at: Date | null }

export async function upsertPayload(db: Q, row: {
  model: string; id: string; payload: Record<string, unknown>; grant_id: string | null; user_code: string | null; uid: string | null; expires_at: Date | null;
}): Promise<void> {
  const values = { ...row, payload: JSON.stringify(row.payload) };
  await db.insertInto('oidc_payloads').values(values)
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({
      payload: values.payload, grant_id: values.grant_id, user_code: values.user_code, uid: values.uid, expires_at: values.expires_at,
    }))
    .execute();
}

export async function findPayload(db: Q, model: string, by: { id?: string; uid?: string; user_code?: string }, now: Date): Promise<PayloadRow | undefined> {
  let q = db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at']).where('model', '=', model)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  if (by.id !== undefined) q = q.where('id', '=', by.id);
  if (by.uid !== undefined) q = q.where('uid', '=', by.uid);
  if (by.user_code !== undefined) q = q.where('user_code', '=', by.user_code);
  return q.limit(1).executeTakeFirst();
}

export async function consumePayload(db: Q, model: string, id: string, at: Date): Promise<void> {
  await db.updateTable('oidc_payloads').set({ consumed_at: at }).where('model', '=', model).where('id', '=', id).execute();
}

export async function destroyPayload(db: Q, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

/** Every artefact of a grant, whatever its model (codes, tokens, the grant itself). */
export async function destroyByGrant(db: Q, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Removes up to `limit` expired artefacts (the periodic clean-up); answers how many. */
export async function deleteExpiredPayloads(db: Q, now: Date, limit: number): Promise<number> {
  const res = await sql<{ n: number }>`
    WITH gone AS (
      DELETE FROM oidc_payloads WHERE ctid IN (
        SELECT ctid FROM oidc_payloads WHERE expires_at < ${now} LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`.execute(db);
  return res.rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------- signing keys

export interface KeyRow { kid: string; alg: string; private_jwk: string; public_jwk: Record<string, unknown>; created_at: Date; retired_at: Date | null }

/** Every key, the active (unretired) one first, then the retired ones newest first. */
export async function listKeys(db: Q): Promise<KeyRow[]> {
  return db.selectFrom('oidc_signing_keys').selectAll()
    .orderBy(sql`retired_at IS NULL`, 'desc').orderBy('created_at', 'desc').execute();
}

export async function insertKey(tx: Q, row: { kid: string; alg: string; private_jwk: string; public_jwk: Record<string, unknown>; created_at: Date }): Promise<void> {
  await tx.insertInto('oidc_signing_keys').values({ ...row, public_jwk: JSON.stringify(row.public_jwk) }).execute();
}

export async function retireActiveKey(tx: Tx, at: Date): Promise<void> {
  await tx.updateTable('oidc_signing_keys').set({ retired_at: at }).where('retired_at', 'is', null).execute();
}

/** Serialises key creation across instances (first key, rotation). */
export async function lockKeys(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('oidc_signing_keys'))`.execute(tx);
}

// ---------------------------------------------------------------- accounts

/** An applicant (person or enterprise user) the provider may sign in; staff never. */
export async function findApplicant(db: Q, id: string): Promise<{ id: string; kind: 'person' | 'enterprise'; name: string; phone: string | null } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('users').select(['id', 'kind', 'name', 'phone']).where('id', '=', id).where('kind', 'in', ['person', 'enterprise']).executeTakeFirst();
  return row ? { ...row, kind: row.kind as 'person' | 'enterprise' } : undefined;
}

/**
 * Ends the provider's live sessions of one account (the applicant signed out of OneWindow) and answers
 * them: one DELETE … RETURNING, so two sign-outs at once each get a session at most once.
 */
export async function takeSessionsOfAccount(tx: Tx, accountId: string, now: Date): Promise<Array<{ id: string; payload: Record<string, unknown> }>> {
  return tx.deleteFrom('oidc_payloads').where('model', '=', 'Session')
    .where(sql<boolean>`payload->>'accountId' = ${accountId}`)
    .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', now)]))
    .returning(['id', 'payload']).execute();
}

// ---------------------------------------------------------------- back-channel logout attempts

export type AttemptOutcome = 'delivered' | 'failed' | 'skipped';
export interface AttemptRow { client_id: string; sid: string; attempt: number; outcome: AttemptOutcome; error: string | null; at: Date }

export async function insertAttempt(db: Q, row: AttemptRow): Promise<void> {
  await db.insertInto('oidc_backchannel_attempts').values({ ...row, error: row.error?.slice(0, 1000) ?? null }).execute();
}

/** The latest attempt of each of these clients (the manager's list shows it). */
export async function lastAttempts(db: Q, clientIds: string[]): Promise<Map<string, AttemptRow>> {
  if (clientIds.length === 0) return new Map();
  const rows = await db.selectFrom('oidc_backchannel_attempts').distinctOn('client_id')
    .select(['client_id', 'sid', 'attempt', 'outcome', 'error', 'at'])
    .where('client_id', 'in', clientIds).orderBy('client_id').orderBy('at', 'desc').orderBy('id', 'desc').execute();
  return new Map(rows.map((r) => [r.client_id, r]));
}

/** One client's attempts, newest first. */
export async function attemptsOf(db: Q, clientId: string, limit: number): Promise<AttemptRow[]> {
  return db.selectFrom('oidc_backchannel_attempts').select(['client_id', 'sid', 'attempt', 'outcome', 'error', 'at'])
    .where('client_id', '=', clientId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Removes up to `limit` attempts recorded before `before` (the periodic clean-up); answers how many. */
export async function deleteOldAttempts(db: Q, before: Date, limit: number): Promise<number> {
  const res = await sql<{ n: number }>`
    WITH gone AS (
      DELETE FROM oidc_backchannel_attempts WHERE id IN (
        SELECT id FROM oidc_backchannel_attempts WHERE at < ${before} LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`.execute(db);
  return res.rows[0]?.n ?? 0;
}
