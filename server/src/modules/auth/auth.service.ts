import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { appendAudit, streamOf } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { maskCreditCode, maskIdNumber } from '../../lib/mask.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import * as repo from './auth.repository.ts';
import type { RegisterInput, UserView } from './auth.schemas.ts';
import type { Actor } from '../../policies/index.ts';
import { runSignOutHooks } from './sign-out-hooks.ts';

export const SESSION_COOKIE = 'ow_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

export function toUserView(actor: Omit<Actor, 'centerRegion'>, ids: repo.UserIds): UserView {
  return {
    id: actor.id,
    kind: actor.kind,
    name: actor.name,
    roles: actor.roles,
    centerId: actor.centerId,
    departmentId: actor.departmentId,
    windowId: actor.windowId,
    maskedId: ids.idNumber ? maskIdNumber(ids.idNumber) : ids.creditCode ? maskCreditCode(ids.creditCode) : null,
  };
}

export async function register(ctx: AppContext, input: RegisterInput): Promise<UserView> {
  const isPerson = input.kind === 'person';
  const idNumber = isPerson ? input.idNumber : null;
  const creditCode = isPerson ? null : input.creditCode;
  // Checked before the costly hash; the unique index still decides a race between two sign-ups.
  if (await repo.existsApplicant(ctx.db, idNumber, creditCode)) throw accountExists(isPerson);
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const newId = await repo.insertUser(tx, {
      kind: input.kind,
      name: input.name,
      idNumber,
      creditCode,
      legalRepresentative: isPerson ? null : input.legalRepresentative,
      phone: input.phone,
      passwordHash,
    });
    if (!newId) return null;
    await appendAudit(tx, { stream: streamOf('user', newId), action: 'user.registered', actorId: newId, at: ctx.clock.now(), data: { kind: input.kind } });
    return newId;
  });
  if (!id) throw accountExists(isPerson);
  const actor: Omit<Actor, 'centerRegion'> = { id, kind: input.kind, name: input.name, roles: [], centerId: null, departmentId: null, windowId: null };
  return toUserView(actor, { idNumber, creditCode });
}

function accountExists(isPerson: boolean) {
  const by = isPerson ? 'idNumber' : 'creditCode';
  return errors.ACCOUNT_EXISTS({ by, field: by });
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserView;
  csrfToken: string;
}

/**
 * Sign-in with the lock-out of docs/security.md ("Sign-in"): failures are counted per account AND
 * client address, so an attacker's failures lock out the attacker's address, not the owner. Many
 * failures from many addresses lock the account as a whole, except for the clients the owner has
 * signed in from before. A staff lock-out alerts the managers of the staff member's center.
 */
export async function login(ctx: AppContext, loginName: string, password: string, client: string): Promise<LoginResult> {
  const now = ctx.clock.now();
  const user = await repo.findUserByLogin(ctx.db, loginName);
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    throw badCredentials();
  }
  const here = await repo.findLoginClient(ctx.db, user.id, client);
  if (here?.locked_until && here.locked_until > now) throw locked(here.locked_until, 'client');
  const knownClient = !!here?.last_success_at;
  if (user.locked_until && user.locked_until > now && !knownClient) throw locked(user.locked_until, 'account');
  if (!(await verifyPassword(user.password_hash, password))) {
    const lockUntil = new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000);
    await ctx.db.transaction().execute(async (tx) => {
      const newly = await repo.recordLoginFailure(tx, {
        userId: user.id, client, now, lockUntil, clientMax: ctx.config.LOGIN_MAX_FAILURES, accountMax: ctx.config.LOGIN_ACCOUNT_MAX_FAILURES,
      });
      if (newly.clientLocked || newly.accountLocked) {
        await lockedOut(tx, { user, client, scope: newly.accountLocked ? 'account' : 'client', until: lockUntil, now });
      }
    });
    throw badCredentials();
  }
  await repo.recordLoginSuccess(ctx.db, user.id, client, now);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await repo.deleteExpiredSessionsOf(ctx.db, user.id, now);
  await repo.insertSession(ctx.db, { tokenHash: hashToken(token), userId: user.id, csrfToken, now, expiresAt });
  const actor: Omit<Actor, 'centerRegion'> = {
    id: user.id, kind: user.kind, name: user.name, roles: user.roles as Actor['roles'],
    centerId: user.center_id, departmentId: user.department_id, windowId: user.window_id,
  };
  return { token, expiresAt, csrfToken, user: toUserView(actor, { idNumber: user.id_number, creditCode: user.credit_code }) };
}

function locked(until: Date, scope: 'client' | 'account') {
  return errors.ACCOUNT_LOCKED({ until, details: { lockedUntil: until.toISOString(), scope } });
}

/** Records a new lock-out; a staff member's also goes to the managers of their center. */
async function lockedOut(tx: Tx, l: { user: NonNullable<repo.UserRow>; client: string; scope: 'client' | 'account'; until: Date; now: Date }) {
  const data = { scope: l.scope, client: l.client, until: l.until.toISOString() };
  await appendAudit(tx, { stream: streamOf('user', l.user.id), action: 'user.locked', actorId: null, at: l.now, data });
  if (l.user.kind !== 'staff' || !l.user.center_id) return;
  const managers = await staffWithRole(tx, 'manager', { centerId: l.user.center_id });
  const who = `${l.user.name}（${l.user.username}）`;
  await notify(tx, {
    kind: 'staff_locked', centerId: l.user.center_id, caseId: null, departmentId: null,
    userIds: managers.map((m) => m.id).filter((id) => id !== l.user.id),
    title: l.scope === 'account'
      ? { zh: `工作人员 ${who} 的账号因多处登录失败已锁定`, en: `Staff account ${l.user.username} locked after failed sign-ins from several addresses` }
      : { zh: `工作人员 ${who} 的账号在地址 ${l.client} 登录失败次数过多，已对该地址锁定`, en: `Staff account ${l.user.username} locked for address ${l.client} after repeated failed sign-ins` },
    data: { userId: l.user.id, username: l.user.username, ...data },
    at: l.now,
  });
}

function badCredentials() {
  return errors.BAD_CREDENTIALS();
}

export async function resolveSession(ctx: AppContext, token: string) {
  const found = await repo.findSessionActor(ctx.db, hashToken(token), ctx.clock.now());
  if (!found) return null;
  return { actor: found.actor, csrfToken: found.csrfToken, user: toUserView(found.actor, found.maskedSource) };
}

export async function logout(ctx: AppContext, token: string) {
  const found = await repo.findSessionActor(ctx.db, hashToken(token), ctx.clock.now());
  // Other modules' part of a sign-out (sign-out-hooks.ts), in its transaction: the single sign-on
  // ends its sessions and queues the back-channel logout tokens (sent by a job, not awaited here).
  await ctx.db.transaction().execute(async (tx) => {
    await repo.deleteSession(tx, hashToken(token));
    if (found) await runSignOutHooks(ctx, tx, found.actor.id);
  });
}
