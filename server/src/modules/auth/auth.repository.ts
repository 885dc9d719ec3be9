import type { Db, Tx } from '../../db/database.ts';
import type { Actor, StaffRole } from '../../policies/index.ts';

export type UserRow = Awaited<ReturnType<typeof findUserByLogin>>;

export function findUserByLogin(db: Db | Tx, login: string) {
  const key = login.trim();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('id_number', '=', key.toUpperCase()), eb('credit_code', '=', key.toUpperCase()), eb('username', '=', key)]))
    .executeTakeFirst();
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

export async function recordLoginFailure(db: Db, userId: string, maxFailures: number, lockUntil: Date) {
  await db
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: eb.case().when('failed_logins', '>=', maxFailures - 1).then(lockUntil).else(eb.ref('locked_until')).end(),
    }))
    .where('id', '=', userId)
    .execute();
}

export async function resetLoginFailures(db: Db, userId: string) {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function insertSession(db: Db, s: { tokenHash: Buffer; userId: string; csrfToken: string; now: Date; expiresAt: Date }) {
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, expires_at: s.expiresAt })
    .execute();
}

export async function findSessionActor(db: Db, tokenHash: Buffer, now: Date): Promise<{ actor: Actor; csrfToken: string; maskedSource: UserIds } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    // The center's region is the root of a staff member's level scope (policies/scope.ts).
    .leftJoin('centers as c', 'c.id', 'u.center_id')
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .select([
      'u.id', 'u.kind', 'u.name', 'u.roles', 'u.center_id', 'u.department_id', 'u.window_id',
      'u.id_number', 'u.credit_code', 's.csrf_token', 'r.code as region_code', 'r.level as region_level',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
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
