import { createHash, randomBytes } from 'node:crypto';
import { appendAudit, streamOf } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { maskCreditCode, maskIdNumber } from '../../lib/mask.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import * as repo from './auth.repository.ts';
import type { RegisterInput, UserView } from './auth.schemas.ts';
import type { Actor } from '../../policies/index.ts';

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

export async function login(ctx: AppContext, loginName: string, password: string): Promise<LoginResult> {
  const now = ctx.clock.now();
  const user = await repo.findUserByLogin(ctx.db, loginName);
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    throw badCredentials();
  }
  if (user.locked_until && user.locked_until > now) {
    throw errors.ACCOUNT_LOCKED({ until: user.locked_until, details: { lockedUntil: user.locked_until.toISOString() } });
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    const lockUntil = new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000);
    await repo.recordLoginFailure(ctx.db, user.id, ctx.config.LOGIN_MAX_FAILURES, lockUntil);
    throw badCredentials();
  }
  if (user.failed_logins > 0 || user.locked_until) await repo.resetLoginFailures(ctx.db, user.id);
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

function badCredentials() {
  return errors.BAD_CREDENTIALS();
}

export async function resolveSession(ctx: AppContext, token: string) {
  const found = await repo.findSessionActor(ctx.db, hashToken(token), ctx.clock.now());
  if (!found) return null;
  return { actor: found.actor, csrfToken: found.csrfToken, user: toUserView(found.actor, found.maskedSource) };
}

export async function logout(ctx: AppContext, token: string) {
  await repo.deleteSession(ctx.db, hashToken(token));
}
