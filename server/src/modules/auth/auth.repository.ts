import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import type { Actor, StaffRole } from '../../policies/index.ts';

export type UserRow = Awaited<ReturnType<typeof findUserByLogin>>;

export function findUserByLogin(db: Db | Tx, login: string) {
  const key = login.trim();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('id_number', '=', key.toUpperCase()), eb('credit_code', '=', key.toUpperCase()), eb('username', '=', key),
      // 0044: a foreign applicant signs in with the document number (passport or permanent resident ID card).
      eb('foreign_doc_number', '=', key.toUpperCase().replace(/[\s-]/g, ''))]))
    .executeTakeFirst();
}

/** 0044: a foreign person, identified by a passport or a permanent resident ID card; null when the number is taken. */
export async function insertForeignUser(db: Db | Tx, u: { name: string; docKind: 'passport' | 'permanent_residence'; docNumber: string; nationality: string; phone: string; passwordHash: string }): Promise<string | null> {
  const row = await db.insertInto('users').values({
    kind: 'person', name: u.name, id_number: null, credit_code: null, phone: u.phone, password_hash: u.passwordHash,
    foreign_doc_kind: u.docKind, foreign_doc_number: u.docNumber, nationality: u.nationality,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

export async function foreignDocTaken(db: Db | Tx, docNumber: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('foreign_doc_number', '=', docNumber).executeTakeFirst());
}

/** Whether the user registered as a foreigner: their documents carry English beside the Chinese. */
export async function isForeignUser(db: Db | Tx, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('foreign_doc_kind').where('id', '=', userId).executeTakeFirst();
  return !!row?.foreign_doc_kind;
}

export async function existsApplicant(db: Db | Tx, idNumber: string | null, creditCode: string | null): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('id_number', '=', idNumber ?? '-'), eb('credit_code', '=', creditCode ?? '-')]))
    .executeTakeFirst();
  return !!row;
}

export interface NewUser {
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  idNumber?: string | null;
  creditCode?: string | null;
  legalRepresentative?: string | null;
  phone?: string | null;
  username?: string | null;
  passwordHash: string;
  roles?: StaffRole[];
  centerId?: string | null;
  departmentId?: string | null;
  windowId?: string | null;
}

/** Inserts unless an account with the same ID number, credit code or username exists; returns null then. */
export async function insertUser(db: Db | Tx, u: NewUser): Promise<string | null> {
  const row = await db
    .insertInto('users')
    .values({
      kind: u.kind,
      name: u.name,
      id_number: u.idNumber ?? null,
      credit_code: u.creditCode ?? null,
      legal_representative: u.legalRepresentative ?? null,
      phone: u.phone ?? null,
      username: u.username ?? null,
      password_hash: u.passwordHash,
      roles: u.roles ?? [],
      center_id: u.centerId ?? null,
      department_id: u.departmentId ?? null,
      window_id: u.windowId ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The sign-in record of one account from one client address (lock-out per pair, docs/security.md). */
export function findLoginClient(db: Db, userId: string, client: string) {
  return db.selectFrom('login_clients').selectAll().where('user_id', '=', userId).where('client', '=', client).executeTakeFirst();
}

/**
 * Counts a failed sign-in against the pair (account, client) and against the account as a whole.
 * A count whose lock has run out starts again at 1. Answers which locks this failure newly set.
 */
export async function recordLoginFailure(tx: Tx, f: { userId: string; client: string; now: Date; clientMax: number; accountMax: number; lockUntil: Date }) {
  const expired = (table: 'login_clients' | 'users') => sql<boolean>`${sql.ref(`${table}.locked_until`)} IS NOT NULL AND ${sql.ref(`${table}.locked_until`)} <= ${f.now}`;
  const pair = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO login_clients (user_id, client, failures, locked_until, last_failure_at)
    VALUES (${f.userId}, ${f.client}, 1, ${f.clientMax <= 1 ? f.lockUntil : null}, ${f.now})
    ON CONFLICT (user_id, client) DO UPDATE SET
      failures = CASE WHEN ${expired('login_clients')} THEN 1 ELSE login_clients.failures + 1 END,
      locked_until = CASE
        WHEN ${expired('login_clients')} THEN ${f.clientMax <= 1 ? f.lockUntil : null}::timestamptz
        WHEN login_clients.failures + 1 >= ${f.clientMax} THEN ${f.lockUntil}::timestamptz
        ELSE login_clients.locked_until END,
      last_failure_at = ${f.now}
    RETURNING failures, locked_until`.execute(tx);
  const account = await tx
    .updateTable('users')
    .set((eb) => ({
      failed_logins: sql<number>`CASE WHEN ${expired('users')} THEN 1 ELSE users.failed_logins + 1 END`,
      locked_until: eb.case()
        .when(expired('users')).then(null)
        .when(sql<boolean>`users.failed_logins + 1 >= ${f.accountMax}`).then(f.lockUntil)
        .else(eb.ref('locked_until')).end(),
    }))
    .where('id', '=', f.userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  const p = pair.rows[0]!;
  return {
    clientLocked: p.failures === f.clientMax && !!p.locked_until,
    accountLocked: account.failed_logins === f.accountMax && !!account.locked_until,
  };
}

/** A right password from this client: its count starts again, and it becomes a client the owner is known to use. */
export async function recordLoginSuccess(db: Db, userId: string, client: string, now: Date) {
  await db.insertInto('login_clients')
    .values({ user_id: userId, client, failures: 0, locked_until: null, last_success_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'client']).doUpdateSet({ failures: 0, locked_until: null, last_success_at: now }))
    .execute();
  // The account-wide count restarts too, unless the account is locked: a success from a known
  // client must not reopen the account to the addresses that locked it.
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where((eb) => eb.or([eb('failed_logins', '>', 0), eb('locked_until', 'is not', null)]))
    .execute();
}

export async function insertSession(db: Db, s: { tokenHash: Buffer; userId: string; csrfToken: string; now: Date; expiresAt: Date }) {
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, expires_at: s.expiresAt })
    .execute();
}

// Every signed-in request reads its session: built and compiled once (db/prepared.ts).
const sessionActor = prepared((db, p: { tokenHash: Buffer; now: Date }) => db
  .selectFrom('sessions as s')
  .innerJoin('users as u', 'u.id', 's.user_id')
  // The center's region is the root of a staff member's level scope (policies/scope.ts).
  .leftJoin('centers as c', 'c.id', 'u.center_id')
  .leftJoin('regions as r', 'r.code', 'c.region_code')
  .select([
    'u.id', 'u.kind', 'u.name', 'u.roles', 'u.center_id', 'u.department_id', 'u.window_id',
    'u.id_number', 'u.credit_code', 's.csrf_token', 'r.code as region_code', 'r.level as region_level',
  ])
  .where('s.token_hash', '=', p.tokenHash)
  .where('s.expires_at', '>', p.now));

export async function findSessionActor(db: Db, tokenHash: Buffer, now: Date): Promise<{ actor: Actor; csrfToken: string; maskedSource: UserIds } | null> {
  const [row] = (await sessionActor(db, { tokenHash, now })).rows;
  if (!row) return null;
  return {
    actor: {
      id: row.id,
      kind: row.kind,
      name: row.name,
      roles: row.roles as StaffRole[],
      centerId: row.center_id,
      departmentId: row.department_id,
      windowId: row.window_id,
      centerRegion: row.region_code && row.region_level ? { code: row.region_code, level: row.region_level } : null,
    },
    csrfToken: row.csrf_token,
    maskedSource: { idNumber: row.id_number, creditCode: row.credit_code },
  };
}

export interface UserIds {
  idNumber: string | null;
  creditCode: string | null;
}

export async function deleteSession(db: Db, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Sessions expire by time; the expired rows of a user go when that user signs in again. */
export async function deleteExpiredSessionsOf(db: Db, userId: string, now: Date) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<', now).execute();
}

export function findApplicantByIdentity(db: Db | Tx, id: { idNumber: string } | { creditCode: string }) {
  const q = db.selectFrom('users').select(['id', 'name']);
  return ('idNumber' in id ? q.where('id_number', '=', id.idNumber) : q.where('credit_code', '=', id.creditCode)).executeTakeFirst();
}
