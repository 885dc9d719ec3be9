import type { FastifyInstance } from 'fastify';
import { makeIdNumber } from '../lib/identity.ts';
import { hashPassword } from '../lib/passwords.ts';
import { insertUser } from '../modules/auth/auth.repository.ts';
import { ensureWindow } from '../modules/org/org.repository.ts';
import type { Db } from '../db/database.ts';
import { DEMO_PASSWORD, signIn, type Session } from './harness.ts';

/** Fixtures of the hall's tests: windows with clerks, and many real-name persons, made in the database and signed in. */
let hash: Promise<string> | undefined;
const passwordHash = () => (hash ??= hashPassword(DEMO_PASSWORD));

export async function centerId(db: Db, name: string) {
  return (await db.selectFrom('centers').select('id').where('name', 'like', `${name}%`).executeTakeFirstOrThrow()).id;
}

export async function clerksAt(app: FastifyInstance, db: Db, center: string, prefix: string, n: number) {
  const out: Array<{ windowId: string; session: Session }> = [];
  const h = await passwordHash();
  for (let i = 1; i <= n; i++) {
    const windowId = await ensureWindow(db, { centerId: center, name: `${prefix}窗口${i}`, nameEn: `${prefix} window ${i}`, kind: 'intake', departmentId: null });
    const username = `${prefix.toLowerCase()}.clerk${i}`;
    await insertUser(db, { kind: 'staff', name: `${prefix}${i}`, username, passwordHash: h, roles: ['window'], centerId: center, departmentId: null, windowId });
    out.push({ windowId, session: await signIn(app, username) });
  }
  return out;
}

/** Real-name persons born on `birth` (YYYYMMDD), each with a distinct ID number from `from`. */
export async function persons(app: FastifyInstance, db: Db, n: number, from: number, birth = '19900101') {
  const h = await passwordHash();
  const out: Array<{ idNumber: string; session: Session }> = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeIdNumber('460100', birth, String(from + i).padStart(3, '0'));
    await insertUser(db, { kind: 'person', name: `测试${from + i}`, idNumber, passwordHash: h });
    out.push({ idNumber, session: await signIn(app, idNumber) });
  }
  return out;
}
